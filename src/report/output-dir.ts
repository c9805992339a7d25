/**
 * Which folder a report may be written into. A folder that is not ours is never written to: only a missing
 * or empty folder, or a previous report (it holds the marker file), may be. The report is then written in
 * place (site-writer.ts), the marker first, so that a build interrupted at any point still leaves a folder
 * the next build recognises as its own.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { lstat, mkdir, readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { sitePath } from "./links.js";

export interface OutputTarget {
  /** Absolute path of the folder to (re)place, links resolved. */
  readonly path: string;
  /** Whether it exists now (then it is empty or a previous report). */
  readonly exists: boolean;
}

function refuse(message: string, file: string): never {
  throw new RuntreeError(ErrorCode.InvalidArgument, message, { file });
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The real path of `path`, even when its last components do not exist yet. */
async function realPathOf(path: string): Promise<string> {
  const missing: string[] = [];
  let existing = resolve(path);
  while (!(await exists(existing))) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(basename(existing));
    existing = parent;
  }
  return join(await realpath(existing), ...missing);
}

/** True when `child` is `parent` or below it. */
function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Decides whether `out` may receive a report built from `store`; reads the disk, never writes.
 * @throws {RuntreeError} INVALID_ARGUMENT when `out` is a file, a foreign non-empty folder, or overlaps the store.
 */
export async function checkOutput(out: string, store: string): Promise<OutputTarget> {
  const path = await realPathOf(out);
  if (dirname(path) === path) refuse(`output folder ${out} is the file-system root`, out);
  const storePath = await realPathOf(store);
  if (isInside(storePath, path)) refuse(`output folder ${out} contains the store ${store}; refusing to replace it`, out);
  if (isInside(path, storePath)) refuse(`output folder ${out} is inside the store ${store}; choose a folder outside it`, out);
  let stats;
  try {
    stats = await stat(path);
  } catch {
    return { path, exists: false };
  }
  if (!stats.isDirectory()) refuse(`output ${out} exists and is not a folder`, out);
  const entries = await readdir(path);
  if (entries.length > 0 && !entries.includes(sitePath.marker)) {
    refuse(`output folder ${out} is not empty and is not a runtree report; refusing to overwrite it`, out);
  }
  return { path, exists: true };
}

const MARKER_TEXT = "This folder was written by `runtree report`; a later build may replace all of it.\n";

/** Creates the folder if need be and marks it as a report, before anything else is written into it. */
export async function prepareOutput(target: OutputTarget): Promise<void> {
  await mkdir(target.path, { recursive: true });
  const marker = join(target.path, sitePath.marker);
  let current: string | null = null;
  try {
    current = readFileSync(marker, "utf8");
  } catch {
    // not marked yet
  }
  if (current !== MARKER_TEXT) writeFileSync(marker, MARKER_TEXT);
}
