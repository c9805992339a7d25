/**
 * A stored metric history as chart points. The x is the step; a history logged without steps (every
 * point at the same step) is plotted in logging order instead, since a vertical stack of dots says nothing.
 */
import { decodeNumber } from "../../format/metric-value.js";
import type { Series } from "../../report/page-data.js";

export interface XYPoint {
  readonly x: number;
  readonly y: number;
}

export interface HistoryPoints {
  readonly points: XYPoint[];
  readonly xLabel: "step" | "point";
  /** Points with a NaN or infinite value, which are not drawn. */
  readonly nonFinite: number;
}

export function historyPoints(series: Series): HistoryPoints {
  const raw = series.values.map((value, i) => ({ step: series.steps[i] ?? 0, value: decodeNumber(value), i }));
  const oneStep = raw.every((p) => p.step === raw[0]?.step);
  const xLabel = oneStep && raw.length > 1 ? "point" : "step";
  // Array.prototype.sort is stable: equal steps keep their logging order.
  const sorted = xLabel === "step" ? [...raw].sort((a, b) => a.step - b.step) : raw;
  return {
    points: sorted.map((p) => ({ x: xLabel === "step" ? p.step : p.i, y: p.value })),
    xLabel,
    nonFinite: raw.filter((p) => !Number.isFinite(p.value)).length,
  };
}
