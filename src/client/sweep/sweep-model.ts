/**
 * What the sweep charts need from `SweepData`: per child its decoded objective, and per param an axis that
 * is numeric when every value is a number and categorical otherwise (strings, booleans, mixed types).
 */
import { decodeNumber } from "../../metric-value.js";
import type { ClientRun, SweepData } from "../../report/page-data.js";
import type { ParamValue } from "../../records.js";
import { finiteExtent } from "../charts/scale.js";

export type Axis =
  | { readonly kind: "linear"; readonly key: string; readonly label: string; readonly extent: readonly [number, number] }
  | { readonly kind: "point"; readonly key: string; readonly label: string; readonly categories: readonly string[] };

export interface SweepChild {
  readonly run: ClientRun;
  /** Position in start order, from 1. */
  readonly trial: number;
  /** The objective's latest value; undefined when the child did not log it. */
  readonly objective: number | undefined;
  readonly best: boolean;
}

export interface SweepModel {
  readonly children: readonly SweepChild[];
  /** The objective metric, or null when the sweep has none. */
  readonly objective: { readonly metric: string; readonly goal: "min" | "max" } | null;
  readonly paramAxes: readonly Axis[];
}

export function sweepModel(sweep: SweepData): SweepModel {
  const metric = sweep.objective?.metric;
  const children = sweep.children.map((run, i): SweepChild => {
    const encoded = metric === undefined ? undefined : run.metrics[metric];
    return { run, trial: i + 1, objective: encoded === undefined ? undefined : decodeNumber(encoded), best: run.id === sweep.bestId };
  });
  return {
    children,
    objective: sweep.objective ? { metric: sweep.objective.metric, goal: sweep.objective.goal } : null,
    paramAxes: sweep.paramKeys.map((key) => paramAxis(key, sweep.children.map((run) => run.params[key]))),
  };
}

/** Numeric when every present value is a finite number; otherwise categories, sorted as text. */
export function paramAxis(key: string, values: ReadonlyArray<ParamValue | undefined>): Axis {
  const present = values.filter((v): v is ParamValue => v !== undefined);
  const numbers = present.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const extent = finiteExtent(numbers);
  if (extent && numbers.length === present.length) return { kind: "linear", key, label: key, extent };
  const categories = [...new Set(present.map(String))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: "point", key, label: key, categories };
}

/** The value of a param on its axis: a number for a numeric axis, the category text otherwise. */
export function axisValue(axis: Axis, value: ParamValue | undefined): number | string | undefined {
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
