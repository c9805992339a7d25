/**
 * The runs below one run, for deleting and restoring a run with its descendants. Found from each run's own
 * record (its `parentId`), read from the experiment folder: the child links a parent's folder holds are only
 * hints, and runs imported from MLflow have none. Costs one read per run of the experiment, which a
 * deletion (a person's command) can afford. A loop of parent ids (a bad hand edit) is cut, never followed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FILE } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";
import { isRunFile } from "../format/schema.js";

/** The ids of every run below `id` in `experimentPath`, parents before their children, siblings by id. */
export function descendantIds(experimentPath: string, id: string): string[] {
  const childrenOf = new Map<string, string[]>();
  for (const dir of readdirSync(experimentPath).filter((name) => RUN_ID.test(name)).sort()) {
    const parentId = parentOf(join(experimentPath, dir), dir);
    if (parentId === null || parentId === undefined) continue;
    const siblings = childrenOf.get(parentId);
    if (siblings) siblings.push(dir);
    else childrenOf.set(parentId, [dir]);
  }
  const out: string[] = [];
  const seen = new Set([id]);
  for (let queue = [id]; queue.length > 0; ) {
    const next: string[] = [];
    for (const parent of queue) {
      for (const child of childrenOf.get(parent) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        out.push(child);
        next.push(child);
      }
    }
    queue = next;
  }
  return out;
}

/** The parent id a run folder's record names; undefined when it cannot be read (that run is not changed). */
function parentOf(runDir: string, id: string): string | null | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(join(runDir, FILE.run), "utf8"));
    return isRunFile(data) && data.id === id ? data.parentId : undefined;
  } catch {
    return undefined;
  }
}
