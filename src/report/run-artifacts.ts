/**
 * Which artifacts each run shown has: as the last build listed them for an ended run unchanged since (its
 * artifacts are not written any more, see run-file-cache.ts), else listed now.
 */
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../format/records.js";
import { mapLimit } from "../reader/map-limit.js";
import { listArtifacts } from "../reader/run-files.js";
import type { RunFileCache } from "./run-file-cache.js";
import { runFilePath } from "./run-fingerprint.js";

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

export interface Listed {
  /** Artifact paths by run id, for runs that have any. */
  readonly paths: Map<string, readonly string[]>;
  /** Ids of the runs whose artifacts are known (every run shown). */
  readonly known: Set<string>;
}

/** Artifact paths per run shown: as the last build listed them for a run unchanged since, else listed now. */
export async function artifactsOf(runs: readonly RunRecord[], cache: RunFileCache): Promise<Listed> {
  const listed: Listed = { paths: new Map(), known: new Set() };
  await mapLimit(runs, 32, async (run) => {
    const cached = cache.recalled(runFilePath(run))?.artifacts;
    let paths: readonly string[];
    if (cached !== undefined && cached !== null) paths = cached;
    // Most runs have no artifact folder: one lstat is much cheaper than a glob.
    else paths = (await isFolder(join(run.dir, FILE.artifacts))) ? await listArtifacts(run) : [];
    listed.known.add(run.id);
    if (paths.length > 0) listed.paths.set(run.id, paths);
  });
  return listed;
}

/** What the cache keeps of a run's artifacts; its key is the run.json path (`<dir>/<id>/run.json`). */
export function artifactsByPath(listed: Listed, path: string): readonly string[] | null {
  const id = path.split("/")[1] ?? "";
  return listed.known.has(id) ? (listed.paths.get(id) ?? []) : null;
}
