import { lstatSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
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

/**
 * The run's artifact files, and the symbolic links among them (never followed), as sorted relative paths.
 * A plain walk of the folder, not a glob: a glob's `**` skips names holding a line break (LF, CR, U+2028,
 * U+2029), which a file name may, and such an artifact vanished from the listing and the report unnamed.
 * A folder that cannot be read is left out, as before.
 */
export async function artifactEntries(run: Pick<RunRecord, "dir">): Promise<{ files: string[]; links: string[] }> {
  const folder = join(run.dir, FILE.artifacts);
  // Most runs have no artifacts: one lstat before any walk (10,000 runs are listed per report).
  if (!isFolder(folder)) return { files: [], links: [] };
  const files: string[] = [];
  const links: string[] = [];
  const pending = [""];
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    let entries;
    try {
      entries = await readdir(join(folder, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) files.push(path);
      else if (entry.isSymbolicLink()) links.push(path);
    }
  }
  return { files: files.sort(), links: links.sort() };
}

/** A folder itself, not a symbolic link to one (never followed). */
function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
