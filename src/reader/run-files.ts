import { lstatSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import type { HistoryPoint } from "../model/history-point.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../format/records.js";
import { fsSource } from "../source/fs-source.js";
import { readMetricsFile } from "./metrics-file.js";

/**
 * Every metric's history of a runtree run, by key, from one read of `metrics.jsonl`, and the problems of
 * that file (bad lines, which are skipped), naming it as `display`.
 */
export async function readRuntreeHistories(
  run: Pick<RunRecord, "dir">,
  display: string = FILE.metrics,
): Promise<{ histories: Map<string, HistoryPoint[]>; problems: Problem[] }> {
  const { points, problems } = await readMetricsFile(fsSource(run.dir), FILE.metrics, display);
  const byKey = new Map<string, HistoryPoint[]>();
  for (const { key, step, value, timestamp } of points) {
    const list = byKey.get(key);
    if (list) list.push({ step, value, timestamp });
    else byKey.set(key, [{ step, value, timestamp }]);
  }
  return { histories: byKey, problems };
}

/**
 * The run's artifacts as sorted relative posix paths (the same `artifacts/` folder in both formats).
 * Symbolic links are left out: an artifact folder is copied into reports, and a link could point anywhere
 * on the machine.
 */
export async function listArtifacts(run: Pick<RunRecord, "dir">): Promise<string[]> {
  return (await artifactEntries(run)).files;
}

/** The run's artifact files, and the symbolic links among them (never followed), as sorted relative paths. */
export async function artifactEntries(run: Pick<RunRecord, "dir">): Promise<{ files: string[]; links: string[] }> {
  const folder = join(run.dir, FILE.artifacts);
  // Most runs have no artifacts: one lstat instead of setting up a glob (10,000 of those took seconds).
  if (!isFolder(folder)) return { files: [], links: [] };
  const entries = await fg("**", {
    cwd: folder,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    suppressErrors: true,
  });
  const of = (keep: (entry: (typeof entries)[number]) => boolean) => entries.filter(keep).map((entry) => entry.path).sort();
  return { files: of((entry) => entry.dirent.isFile()), links: of((entry) => entry.dirent.isSymbolicLink()) };
}

/** A folder itself, not a symbolic link to one (never followed). */
function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
