/**
 * Which artifacts each run shown has: as the last build listed them for an ended run unchanged since (its
 * artifacts are not written any more, see run-file-cache.ts), else listed now.
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../format/records.js";
import { mapLimit } from "../reader/map-limit.js";
import { artifactEntries } from "../reader/run-files.js";
import type { Problem } from "../model/problem.js";
import { linkProblem } from "../source/store-source.js";
import type { RunFileCache } from "./run-file-cache.js";
import { runFilePath } from "./run-fingerprint.js";

/**
 * What is at `path`, without following a link. Synchronous on purpose: one lstat per run shown, and a
 * thread-pool round trip costs more than the call (10,000 runs: 310 ms with fs/promises, 40 ms without).
 * A missing folder is no error to make: throwing and catching one per run cost 10,000 runs 0.1 s.
 */
function kindOf(path: string): "dir" | "link" | "other" | null {
  let stats;
  try {
    stats = lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (stats === undefined) return null;
  return stats.isDirectory() ? "dir" : stats.isSymbolicLink() ? "link" : "other";
}

export interface Listed {
  /** Artifact paths by run id, for runs that have any. */
  readonly paths: Map<string, readonly string[]>;
  /** Ids of the runs whose artifacts are known (every run shown) and may be remembered. */
  readonly known: Set<string>;
  /** Symbolic links where artifacts are: named, never followed, never published. */
  readonly links: Problem[];
}

/** Artifact paths per run shown: as the last build listed them for a run unchanged since, else listed now. */
export async function artifactsOf(runs: readonly RunRecord[], cache: RunFileCache): Promise<Listed> {
  const listed: Listed = { paths: new Map(), known: new Set(), links: [] };
  await mapLimit(runs, 32, async (run) => {
    const cached = cache.recalled(runFilePath(run))?.artifacts;
    let paths: readonly string[] = [];
    let remember = true;
    if (cached !== undefined && cached !== null) paths = cached;
    else {
      // Most runs have no artifact folder: one lstat is much cheaper than a glob.
      const folder = kindOf(join(run.dir, FILE.artifacts));
      const display = `${run.experimentDir}/${run.id}/${FILE.artifacts}`;
      if (folder === "link") listed.links.push(linkProblem(display));
      if (folder === "dir") {
        const { files, links } = await artifactEntries(run);
        for (const link of links) listed.links.push(linkProblem(`${display}/${link}`));
        paths = files;
      }
      // A run with a link is listed again next time, so that every build names the link.
      remember = folder !== "link" && !listed.links.some((problem) => problem.file.startsWith(`${display}/`));
    }
    if (remember) listed.known.add(run.id);
    if (paths.length > 0) listed.paths.set(run.id, paths);
  });
  listed.links.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return listed;
}

/** What the cache keeps of a run's artifacts; its key is the run.json path (`<dir>/<id>/run.json`). */
export function artifactsByPath(listed: Listed, path: string): readonly string[] | null {
  const id = path.split("/")[1] ?? "";
  return listed.known.has(id) ? (listed.paths.get(id) ?? []) : null;
}
