/**
 * A run record made whole again after a structured clone (a worker thread's answer, or what a worker is
 * sent). The clone keeps everything a record holds except one thing: the records keyed by user strings
 * (params, metrics, tags...) are built without a prototype (format/dictionary.ts), and the clone gives them
 * Object.prototype back, under which a param named `constructor` would be found on every run. Their keys
 * survive the clone (`__proto__` too, as an own key), so dropping the prototype restores them.
 */
import type { RunRecord } from "./run-record.js";

/** Drops the prototype a structured clone gave `record` (a dictionary); nothing when absent. */
export function bare(record: object | undefined): void {
  if (record !== undefined) Object.setPrototypeOf(record, null);
}

/** Restores, in place, the dictionaries of a cloned run; returns it. */
export function reviveRun(run: RunRecord): RunRecord {
  bare(run.params);
  bare(run.metrics);
  bare(run.tags);
  bare(run.metricSummaries);
  bare(run.bestChild?.params);
  return run;
}
