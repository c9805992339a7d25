/**
 * A site plan as a page worker receives it (page-pool.ts), made whole again: its runs' and experiments'
 * dictionaries get back the null prototype the structured clone took from them (model/revive-run.ts).
 */
import { bare, reviveRun } from "../model/revive-run.js";
import type { Site } from "./plan.js";

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
