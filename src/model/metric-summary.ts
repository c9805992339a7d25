/**
 * A metric's summary (latest, min, max, count) folded from its points, the way MLflow defines "latest".
 * Pure: shared by the writer (which keeps summaries in run.json), both readers and the importers.
 */
import { dictionary } from "../format/dictionary.js";
import type { MetricSummary } from "./run-record.js";

export interface MetricPoint {
  readonly key: string;
  readonly value: number;
  readonly step: number;
  readonly timestamp: number;
}

/** MLflow's "latest": the point with the highest step, then timestamp, then value. */
export function isLater(a: { step: number; timestamp: number; value: number }, b: typeof a): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** Folds one point into a summary (NaN never becomes min or max unless every point is NaN). */
export function addToSummary(summary: MetricSummary | undefined, point: MetricPoint): MetricSummary {
  if (summary === undefined) {
    return { last: point.value, step: point.step, timestamp: point.timestamp, min: point.value, max: point.value, count: 1 };
  }
  const later = isLater(point, { step: summary.step, timestamp: summary.timestamp, value: summary.last });
  return {
    last: later ? point.value : summary.last,
    step: later ? point.step : summary.step,
    timestamp: later ? point.timestamp : summary.timestamp,
    min: lesser(summary.min, point.value),
    max: greater(summary.max, point.value),
    count: summary.count + 1,
  };
}

function lesser(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
}
function greater(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
}

/**
 * One key's summary from its points in one pass, as folding them with `addToSummary` gives it, without a
 * new summary per point (an MLflow store's runs are read this way: 400,000 points for 10,000 runs).
 * Undefined for no points.
 */
export function summarizeKey(points: readonly Omit<MetricPoint, "key">[]): MetricSummary | undefined {
  let last = points[0];
  if (last === undefined) return undefined;
  let min = last.value;
  let max = last.value;
  for (let i = 1; i < points.length; i++) {
    const point = points[i]!;
    if (isLater(point, last)) last = point;
    min = lesser(min, point.value);
    max = greater(max, point.value);
  }
  return { last: last.value, step: last.step, timestamp: last.timestamp, min, max, count: points.length };
}

export function summarize(points: readonly MetricPoint[]): Record<string, MetricSummary> {
  const byKey = new Map<string, MetricSummary>();
  for (const point of points) byKey.set(point.key, addToSummary(byKey.get(point.key), point));
  return dictionary(byKey);
}
