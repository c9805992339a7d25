/**
 * `report --base <rev>`: what the report knows about the store as committed at that revision. Which runs
 * existed then (every other run is new since), and each sweep's best child then, beside today's.
 */
import type { Objective } from "../format/records.js";
import { compareSweep, indexRuns, type RunsIndex } from "../diff/sweep-changes.js";
import { formatDelta, sweepVerdict, type SweepVerdict } from "../diff/summary.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { formatExact, formatNumber } from "./format.js";

export interface BaseView {
  /** The full commit id of the base. */
  readonly commit: string;
  /** Its first 7 digits, as the pages show it. */
  readonly short: string;
  readonly runs: RunsIndex;
}

/** A sweep's best at the base, as the run page shows it beside today's. */
export interface BaselineCard {
  readonly commit: string;
  readonly short: string;
  /** Empty when the sweep is new since the base or had no child with the metric then. */
  readonly value: string;
  readonly valueExact: string;
  /** Today's value minus the base's, signed; empty when either is missing. */
  readonly delta: string;
  readonly verdict: SweepVerdict;
}

/** @example baseView(commit, (await readStoreAt("mlruns", "origin/main")).snapshot) */
export function baseView(commit: string, snapshot: StoreSnapshot): BaseView {
  return { commit, short: commit.slice(0, 7), runs: indexRuns(snapshot.runs) };
}

/** Whether `run` is new since the base: it was not in the store then (or the report has no base). */
export function isNewSince(base: BaseView | null, run: Pick<RunRecord, "id">): boolean {
  return base !== null && !base.runs.byId.has(run.id);
}

/** The sweep `parent` (its `children` as the report ranks them) at the base. */
export function baselineCard(base: BaseView, parent: RunRecord, children: readonly RunRecord[], objective: Objective): BaselineCard {
  const sweep = compareSweep(parent, children, base.runs, objective);
  return {
    commit: base.commit,
    short: base.short,
    value: sweep.before === null ? "" : formatNumber(sweep.before),
    valueExact: sweep.before === null ? "" : formatExact(sweep.before),
    delta: sweep.delta === null ? "" : formatDelta(sweep.delta),
    verdict: sweepVerdict(sweep),
  };
}
