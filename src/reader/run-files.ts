import { existsSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import { readAllMlflowMetricHistories } from "../mlflow/metric-history.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../records.js";
import { readMetricsFile } from "./metrics-file.js";

export interface HistoryPoint {
  readonly step: number;
  readonly value: number;
  readonly timestamp: number;
}

/** One metric's history in logged order; empty when the run never logged `key`. Bad lines are skipped. */
export async function readMetricHistory(run: Pick<RunRecord, "dir">, key: string): Promise<HistoryPoint[]> {
  return (await readAllMetricHistories(run)).get(key) ?? [];
}

/** Every metric's history of a run, by key, from one read of `metrics.jsonl`. Bad lines are skipped. */
export async function readAllMetricHistories(run: Pick<RunRecord, "dir">): Promise<Map<string, HistoryPoint[]>> {
  return (await readMetricHistories(run)).histories;
}

/**
 * Every metric's history of a run, and the problems of its history file (bad lines, which are skipped),
 * naming the file as `display`. An MLflow run's bad lines are reported by `readMlflowStore` instead.
 */
export async function readMetricHistories(
  run: Pick<RunRecord, "dir">,
  display: string = FILE.metrics,
): Promise<{ histories: Map<string, HistoryPoint[]>; problems: Problem[] }> {
  // An MLflow run keeps one file per metric under metrics/ instead of our metrics.jsonl.
  if (!existsSync(join(run.dir, FILE.metrics)) && existsSync(join(run.dir, "metrics"))) {
    return { histories: await readAllMlflowMetricHistories(run), problems: [] };
  }
  const { points, problems } = await readMetricsFile(join(run.dir, FILE.metrics), display);
  const byKey = new Map<string, HistoryPoint[]>();
  for (const { key, step, value, timestamp } of points) {
    const list = byKey.get(key);
    if (list) list.push({ step, value, timestamp });
    else byKey.set(key, [{ step, value, timestamp }]);
  }
  return { histories: byKey, problems };
}

/**
 * The run's artifacts as sorted relative posix paths. Symbolic links are left out: an artifact folder is
 * copied into reports, and a link could point anywhere on the machine.
 */
export async function listArtifacts(run: Pick<RunRecord, "dir">): Promise<string[]> {
  const entries = await fg("**", {
    cwd: join(run.dir, FILE.artifacts),
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    objectMode: true,
    suppressErrors: true,
  });
  return entries
    .filter((entry) => entry.dirent.isFile())
    .map((entry) => entry.path)
    .sort();
}
