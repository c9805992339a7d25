/**
 * What a slice says of its parent runs (see `RunSlice.bests` and `childStatuses` in page-data.ts): each
 * parent's best child by its objective, and its direct children per status. Written as sparse columns:
 * most runs of a sweep are its children, which have neither.
 */
import { encodeNumber } from "../format/metric-value.js";
import { childStatusCounts, type ParentBest } from "../model/children-summary.js";
import { encodeColumn } from "./column-encoding.js";
import type { ParentBests } from "./page-data.js";

export interface ParentFacts {
  /** The parent's best child by its objective, or null. */
  readonly best: ParentBest | null;
  /** Its direct children (empty for a run without). */
  readonly children: ReadonlyArray<{ readonly status: "RUNNING" | "FINISHED" | "FAILED" | "KILLED"; readonly abandoned: boolean }>;
}

/**
 * The best-child columns of a slice, for the metric keys in `metricKeys`; null when no run of it has one.
 *
 * @example bestColumns(2, () => ({ best, children }), ["loss"]) // { metric: { values: [0, null] }, ... }
 */
export function bestColumns(length: number, factsAt: (position: number) => ParentFacts, metricKeys: readonly string[]): ParentBests | null {
  const number = new Map(metricKeys.map((key, n) => [key, n]));
  const bests = Array.from({ length }, (_, i) => {
    const best = factsAt(i).best;
    return best && number.has(best.metric) ? best : null;
  });
  const metric = encodeColumn(length, (i) => {
    const best = bests[i];
    return best ? number.get(best.metric) : undefined;
  });
  if (metric === null) return null;
  return {
    metric,
    goal: encodeColumn(length, (i) => bests[i]?.goal)!,
    value: encodeColumn(length, (i) => {
      const best = bests[i];
      return best ? encodeNumber(best.value) : undefined;
    })!,
    name: encodeColumn(length, (i) => bests[i]?.name),
    recorded: encodeColumn(length, (i) => (bests[i]?.recorded === true ? true : undefined)),
  };
}

/** Each parent's children per status as counts joined by commas ("0,4,1,0,0"); null when the slice has no parent. */
export function childStatusColumn(length: number, factsAt: (position: number) => ParentFacts) {
  return encodeColumn(length, (i) => {
    const { children } = factsAt(i);
    return children.length === 0 ? undefined : childStatusCounts(children).join(",");
  });
}
