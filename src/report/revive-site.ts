/**
 * A site plan as a page worker receives it (page-pool.ts), made whole again. The structured clone keeps
 * everything a plan holds (maps, shared records, NaN and Infinity) except one thing: the records keyed by
 * user strings (params, metrics, tags...) are built without a prototype (format/dictionary.ts), and the
 * clone gives them Object.prototype back, under which a param named `constructor` would be found on every
 * run. Their keys survive the clone (`__proto__` too, as an own key), so dropping the prototype restores them.
 */
import type { RunRecord } from "../model/run-record.js";
import type { Site } from "./plan.js";

function bare(record: object | undefined): void {
  if (record !== undefined) Object.setPrototypeOf(record, null);
}

function reviveRun(run: RunRecord): void {
  bare(run.params);
  bare(run.metrics);
  bare(run.tags);
  bare(run.metricSummaries);
  bare(run.bestChild?.params);
}

/** Restores, in place, the records of a cloned `site`; returns it. */
export function reviveSite(site: Site): Site {
  for (const entry of site.entries) {
    bare(entry.record.tags);
    for (const run of entry.runs) reviveRun(run);
    for (const run of entry.deletedRuns) reviveRun(run);
  }
  for (const run of site.base?.runs.byId.values() ?? []) reviveRun(run);
  return site;
}
