/**
 * `runtree check`: everything the reader validates, plus every line of every `metrics.jsonl` (the reader
 * replays histories only for running runs). Fit for a pre-commit hook: it lists each problem once.
 */
import { join } from "node:path";
import type { Problem } from "../model/problem.js";
import { FILE } from "../format/records.js";
import { mapLimit } from "../reader/map-limit.js";
import { readMetricsFile } from "../reader/metrics-file.js";
import { readStore } from "./read-store.js";

export interface CheckResult {
  readonly experiments: number;
  readonly runs: number;
  readonly metricPoints: number;
  readonly problems: readonly Problem[];
}

export async function checkStore(root: string): Promise<CheckResult> {
  const snapshot = await readStore(root);
  const seen = new Set(snapshot.problems.map((p) => `${p.file}\0${p.message}`));
  const problems = [...snapshot.problems];
  let metricPoints = 0;
  const histories = await mapLimit(snapshot.runs, 32, (run) =>
    readMetricsFile(join(run.dir, FILE.metrics), `${run.experimentDir}/${run.id}/${FILE.metrics}`),
  );
  for (const history of histories) {
    metricPoints += history.points.length;
    for (const problem of history.problems) {
      if (!seen.has(`${problem.file}\0${problem.message}`)) problems.push(problem);
    }
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { experiments: snapshot.experiments.length, runs: snapshot.runs.length, metricPoints, problems };
}
