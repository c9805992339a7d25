/**
 * A run's metric histories, whichever format its folder is in: our `metrics.jsonl`, or MLflow's one file
 * per key under `metrics/`. The snapshot keeps only summaries; histories are read on demand.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FILE } from "../format/records.js";
import { readAllMlflowMetricHistories } from "../mlflow/metric-history.js";
import type { HistoryPoint } from "../model/history-point.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { readRuntreeHistories } from "../reader/run-files.js";

/**
 * One metric's history in logged order; empty when the run never logged `key`. Bad lines are skipped.
 * @example const loss = await readMetricHistory(await store.getRun(id), "loss");
 */
export async function readMetricHistory(run: Pick<RunRecord, "dir">, key: string): Promise<HistoryPoint[]> {
  return (await readAllMetricHistories(run)).get(key) ?? [];
}

/** Every metric's history of a run, by key, from one read. Bad lines are skipped. */
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
  if (!existsSync(join(run.dir, FILE.metrics)) && existsSync(join(run.dir, "metrics"))) {
    return { histories: await readAllMlflowMetricHistories(run), problems: [] };
  }
  return readRuntreeHistories(run, display);
}
