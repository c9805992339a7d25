/**
 * Reads the metric histories run pages need, reading each file as few times as possible: on a large store
 * the build is bound by file reads. A run whose metrics each have a single point needs no read at all (its
 * summary is its history), and a sweep's children, read for the parent's curves, are kept until their own
 * page is written, up to a bound, so memory stays flat whatever the shape of the store.
 */
import type { RunRecord } from "../model/run-record.js";
import { readAllMetricHistories } from "../reader/run-files.js";
import type { Histories } from "./run-page.js";

/** The history when the summaries alone tell it (no metric, or one point per metric), else undefined. */
export function historiesFromSummaries(run: RunRecord): Histories | undefined {
  const out = new Map<string, Array<{ step: number; value: number; timestamp: number }>>();
  for (const [key, summary] of Object.entries(run.metricSummaries)) {
    if (summary.count !== 1) return undefined;
    out.set(key, [{ step: summary.step, value: summary.last, timestamp: summary.timestamp }]);
  }
  return out;
}

export async function loadHistories(run: RunRecord): Promise<Histories> {
  return historiesFromSummaries(run) ?? (await readAllMetricHistories(run));
}

export interface HistoryCache {
  /** A child's histories for its parent's sweep; kept for the child's own page while room remains. */
  forParent(child: RunRecord): Promise<Histories>;
  /** A run's histories for its own page; takes a kept copy when there is one. */
  forOwnPage(run: RunRecord): Promise<Histories>;
}

export function createHistoryCache(limit: number): HistoryCache {
  const kept = new Map<string, Promise<Histories>>();
  const written = new Set<string>();
  return {
    forParent(child) {
      const pending = kept.get(child.id);
      if (pending) return pending;
      const loading = loadHistories(child);
      if (!written.has(child.id) && kept.size < limit) kept.set(child.id, loading);
      return loading;
    },
    forOwnPage(run) {
      written.add(run.id);
      const pending = kept.get(run.id);
      if (pending) {
        kept.delete(run.id);
        return pending;
      }
      return loadHistories(run);
    },
  };
}
