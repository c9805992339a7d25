/**
 * What the compare page's tables say, from the runs' summaries (pure, no DOM): a row per param with each
 * run's value and whether they differ (a run without the param differs from one with it), and three rows
 * per metric (last, min, max) with the best value of each row for the chosen goal.
 */
import { own } from "../../format/dictionary.js";
import { decodeNumber } from "../../format/metric-value.js";
import type { ParamValue } from "../../format/records.js";
import { compareKeys } from "../../format/stable-json.js";
import type { RunSummary } from "../../report/summary-data.js";

export interface ParamRow {
  readonly key: string;
  /** One per run, in column order; undefined where the run lacks the param. */
  readonly values: ReadonlyArray<ParamValue | undefined>;
  readonly differs: boolean;
}

export const STATS = ["last", "min", "max"] as const;
export type Stat = (typeof STATS)[number];

export interface MetricRow {
  readonly key: string;
  readonly stat: Stat;
  readonly values: ReadonlyArray<number | undefined>;
  /**
   * Columns holding the row's best finite value for the goal (all of them on a tie); empty when fewer
   * than two runs have a finite value, or when they are all equal (nothing to tell apart).
   */
  readonly best: ReadonlySet<number>;
}

/** The sorted union of one field's keys over the runs. */
export function keysOf(runs: readonly RunSummary[], field: "params" | "metrics"): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run[field])) keys.add(key);
  return [...keys].sort(compareKeys);
}

/** 1 and "1", true and "true" are different values. */
function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  return typeof a === typeof b && (a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b)));
}

export function paramRows(runs: readonly RunSummary[]): ParamRow[] {
  return keysOf(runs, "params").map((key) => {
    const values = runs.map((run) => own(run.params, key));
    return { key, values, differs: values.some((value) => !sameValue(value, values[0])) };
  });
}

/** The columns holding the best finite value of `values` for `goal`. */
export function bestColumns(values: ReadonlyArray<number | undefined>, goal: "min" | "max"): Set<number> {
  const finite = values.flatMap((value, i) => (value !== undefined && Number.isFinite(value) ? [{ value, i }] : []));
  if (finite.length < 2) return new Set();
  const target = goal === "min" ? Math.min(...finite.map((f) => f.value)) : Math.max(...finite.map((f) => f.value));
  const best = finite.filter((f) => f.value === target);
  return best.length === finite.length ? new Set() : new Set(best.map((f) => f.i));
}

export function metricRows(runs: readonly RunSummary[], goal: "min" | "max"): MetricRow[] {
  return keysOf(runs, "metrics").flatMap((key) =>
    STATS.map((stat) => {
      const values = runs.map((run) => {
        const metric = own(run.metrics, key);
        return metric === undefined ? undefined : decodeNumber(metric[stat]);
      });
      return { key, stat, values, best: bestColumns(values, goal) };
    }),
  );
}

/** The name a run is shown by: a run without a name shows the start of its id (as the tables do). */
export function runLabel(run: Pick<RunSummary, "id" | "name">): string {
  return run.name !== "" ? run.name : run.id.slice(0, 12);
}
