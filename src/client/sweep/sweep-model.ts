/**
 * What the sweep charts need from `SweepData`: per child its decoded objective, and per param an axis that
 * is numeric when every value is a number and categorical otherwise (strings, booleans, mixed types).
 */
import { own } from "../../format/dictionary.js";
import { decodeNumber } from "../../format/metric-value.js";
import type { ClientRun, SweepData } from "../../report/page-data.js";
import type { ParamValue } from "../../format/records.js";
import { finiteExtent, wantsLog } from "../charts/scale.js";

export type Axis =
  | {
      readonly kind: "linear";
      readonly key: string;
      readonly label: string;
      readonly extent: readonly [number, number];
      /** Positive values spanning two decades or more: drawn on a log axis, labelled "(log)". */
      readonly log: boolean;
    }
  | { readonly kind: "point"; readonly key: string; readonly label: string; readonly categories: readonly string[] };

export interface SweepChild {
  readonly run: ClientRun;
  /** Position in start order, from 1. */
  readonly trial: number;
  /** The objective's latest value; undefined when the child did not log it. */
  readonly objective: number | undefined;
  readonly best: boolean;
}

export interface SweepObjective {
  readonly metric: string;
  readonly goal: "min" | "max";
}

export interface SweepModel {
  readonly children: readonly SweepChild[];
  /** The objective metric, or null when the sweep has none. */
  readonly objective: SweepObjective | null;
  /** The best child's id by the objective; null when no child has a finite value of it. */
  readonly bestId: string | null;
  readonly paramAxes: readonly Axis[];
}

/**
 * The objective the sweep view starts with: the declared (or `--objective`) one, else the children's first
 * metric, minimised — a sweep without a declared objective still gets its charts, and the reader can change it.
 */
export function defaultObjective(sweep: SweepData): SweepObjective | null {
  if (sweep.objective) return { metric: sweep.objective.metric, goal: sweep.objective.goal };
  const first = sweep.metricKeys[0];
  return first === undefined ? null : { metric: first, goal: "min" };
}

/**
 * The best child by the objective's latest value, by the same rule as the server's best-child card:
 * NaN and the infinities never win, and a tie goes to the child that started first.
 */
export function bestChildId(children: readonly ClientRun[], objective: SweepObjective): string | null {
  let best: ClientRun | undefined;
  let bestValue = 0;
  for (const run of children) {
    const encoded = own(run.metrics, objective.metric);
    const value = encoded === undefined ? NaN : decodeNumber(encoded);
    if (!Number.isFinite(value)) continue;
    const better = best === undefined || (objective.goal === "min" ? value < bestValue : value > bestValue);
    const tieEarlier = best !== undefined && value === bestValue && run.startTime < best.startTime;
    if (better || tieEarlier) {
      best = run;
      bestValue = value;
    }
  }
  return best?.id ?? null;
}

/** The charts' view of a sweep under an objective (by default the one `defaultObjective` picks). */
export function sweepModel(sweep: SweepData, objective: SweepObjective | null = defaultObjective(sweep)): SweepModel {
  const metric = objective?.metric;
  const bestId = objective ? bestChildId(sweep.children, objective) : null;
  const children = sweep.children.map((run, i): SweepChild => {
    const encoded = metric === undefined ? undefined : own(run.metrics, metric);
    return { run, trial: i + 1, objective: encoded === undefined ? undefined : decodeNumber(encoded), best: run.id === bestId };
  });
  return {
    children,
    objective,
    bestId,
    paramAxes: sweep.paramKeys.map((key) => paramAxis(key, sweep.children.map((run) => own(run.params, key)))),
  };
}

/** Numeric when every present value is a finite number; otherwise categories, sorted as text. */
export function paramAxis(key: string, values: ReadonlyArray<ParamValue | undefined>): Axis {
  const present = values.filter((v): v is ParamValue => v !== undefined);
  const numbers = present.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const extent = finiteExtent(numbers);
  if (extent && numbers.length === present.length) {
    const log = wantsLog(numbers);
    return { kind: "linear", key, label: log ? `${key} (log)` : key, extent, log };
  }
  const categories = [...new Set(present.map(String))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: "point", key, label: key, categories };
}

/** A run's param on an axis: a number for a numeric axis, the category text otherwise; undefined if not logged. */
export function axisValue(axis: Axis, run: ClientRun): number | string | undefined {
  const value = own(run.params, axis.key);
  if (value === undefined) return undefined;
  return axis.kind === "linear" ? (typeof value === "number" ? value : undefined) : String(value);
}

/** 1 for the best objective value, 0 for the worst: colours read "good" the same whatever the goal. */
export function goodness(model: SweepModel): (value: number | undefined) => number | null {
  const extent = finiteExtent(model.children.map((c) => c.objective ?? NaN));
  if (!extent || !model.objective) return () => null;
  const [min, max] = extent;
  const goal = model.objective.goal;
  return (value) => {
    if (value === undefined || !Number.isFinite(value)) return null;
    if (max === min) return 1;
    const t = (value - min) / (max - min);
    return goal === "min" ? 1 - t : t;
  };
}
