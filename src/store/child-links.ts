/**
 * How a parent finds its children without listing its experiment: each child, when it starts, drops one
 * small file named by its own id into its parent's folder (`<parent>/children/<child id>.json`). Ending a
 * parent then reads only its own children, so it costs the same in an experiment of ten runs or of 100,000.
 *
 * Merge-safe by construction: every link has one writer (the process that starts the child) and its own
 * name, so two clones that add children to the same parent never touch the same file. The link only says
 * "look here"; the child's run.json stays the truth (its parentId must name this parent).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import { FILE, FORMAT, type ChildFile } from "../format/records.js";
import { writeJsonSync } from "./write-file.js";
import { assertNotLink } from "./no-link.js";

/** Path of the link to `childId` inside the folder of its parent. */
export function childLinkPath(parentDir: string, childId: string): string {
  return join(parentDir, FILE.children, `${childId}.json`);
}

/** Writes the link to `childId` into `parentDir` (atomically; one file, never rewritten). */
export function writeChildLink(parentDir: string, childId: string): void {
  // The parent's folder and its children/ may have come from a clone: never written through a link.
  assertNotLink("link a child from", parentDir);
  assertNotLink("link a child from", join(parentDir, FILE.children));
  mkdirSync(join(parentDir, FILE.children), { recursive: true });
  const link: ChildFile = { format: FORMAT, id: childId };
  writeJsonSync(childLinkPath(parentDir, childId), link);
}

/** Removes a link whose child could not be started (best effort: a stale link is skipped by readers anyway). */
export function removeChildLink(parentDir: string, childId: string): void {
  rmSync(childLinkPath(parentDir, childId), { force: true });
}

/** fsyncs the link, so that a durable child end leaves a durable link. A missing link is not an error. */
export function syncChildLink(parentDir: string, childId: string): void {
  let fd: number;
  try {
    fd = openSync(childLinkPath(parentDir, childId), "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
