/**
 * What the runs table shows, for the views beside it (the experiment page's chart panel): the runs the
 * filter accepted and the top-level runs in the table's order. Read in place from the table's own data.
 */
import type { RunData } from "./run-data.js";
import type { RunNode } from "./run-index.js";

export interface ShownRuns {
  readonly data: RunData;
  /** 1 for each run the filter accepted; null without a filter (every run counts). */
  readonly matched: Uint8Array | null;
  /** The top-level runs the table shows (a filter keeps those with a match below them), in its order. */
  readonly roots: readonly RunNode[];
}

/** The runs the current filter shows that the page has loaded, in the experiment's order. */
export function shownRunIndices(shown: ShownRuns): number[] {
  const { data, matched } = shown;
  const runs: number[] = [];
  for (let run = 0; run < data.count; run++) {
    if (matched ? matched[run] === 1 : data.isLoaded(run)) runs.push(run);
  }
  return runs;
}
