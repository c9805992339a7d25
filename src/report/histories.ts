/**
 * Reads the metric histories run pages need, reading each file as few times as possible: on a large store
 * the build is bound by file reads. A sweep's children, read for the parent's curves, are kept until their own
 * page is written, up to a bound, so memory stays flat whatever the shape of the store.
 */
import type { RunRecord } from "../model/run-record.js";
import type { Problem } from "../model/problem.js";
import { readMetricHistories } from "../load/histories.js";
import { FILE } from "../format/records.js";
import type { Histories } from "../model/history-point.js";

/**
 * Reads a run's histories; the bad lines of its history file go to `problems` (a report lists every
 * problem of the store, and the histories are where these show). A run without metrics needs no read.
 */
export async function loadHistories(run: RunRecord, problems: Problem[]): Promise<Histories> {
  if (Object.keys(run.metricSummaries).length === 0) return new Map();
  const read = await readMetricHistories(run, `${run.experimentDir}/${run.id}/${FILE.metrics}`);
  problems.push(...read.problems);
  return read.histories;
}

export interface HistoryCache {
  /** A child's histories for its parent's sweep; kept for the child's own page while room remains. */
  forParent(child: RunRecord): Promise<Histories>;
  /** A run's histories for its own page; takes a kept copy when there is one. */
  forOwnPage(run: RunRecord): Promise<Histories>;
}

export function createHistoryCache(limit: number, problems: Problem[]): HistoryCache {
  const kept = new Map<string, Promise<Histories>>();
  const written = new Set<string>();
  return {
    forParent(child) {
      const pending = kept.get(child.id);
      if (pending) return pending;
      const loading = loadHistories(child, problems);
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
      return loadHistories(run, problems);
    },
  };
}
