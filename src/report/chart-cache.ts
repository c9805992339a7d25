/**
 * Reads the charts run pages need, reading each history as few times as possible: on a large store the
 * build is bound by file reads. A sweep's children, read for the parent's curves, keep their charts until
 * their own page is written, within a budget of bytes, so memory stays flat whatever the shape of the store.
 */
import type { RunRecord } from "../model/run-record.js";
import type { Problem } from "../model/problem.js";
import { readRunCharts, type RunCharts, type WriteRunFile } from "./chart-data.js";

export interface ChartCache {
  /** A child's charts for its parent's sweep; kept for the child's own page while the budget allows. */
  forParent(child: RunRecord): Promise<RunCharts>;
  /** A run's charts for its own page; takes a kept copy when there is one. */
  forOwnPage(run: RunRecord): Promise<RunCharts>;
  /** The run's own page is not being made (the previous build's is still good): drop a kept copy. */
  skip(run: RunRecord): void;
}

/**
 * `budget` is in bytes of chart data kept; `writeFor(run)` writes a file beside that run's page (history
 * chunks are written when a run's charts are read, whichever page asks first); problems found in a run's
 * history go to `problemsFor(run)`.
 */
export function createChartCache(
  budget: number,
  problemsFor: (run: RunRecord) => Problem[],
  writeFor: (run: RunRecord) => WriteRunFile,
): ChartCache {
  const kept = new Map<string, RunCharts>();
  const written = new Set<string>();
  let held = 0;
  const read = (run: RunRecord) => readRunCharts(run, writeFor(run), problemsFor(run));
  return {
    async forParent(child) {
      const cached = kept.get(child.id);
      if (cached) return cached;
      const charts = await read(child);
      if (!written.has(child.id) && held + charts.size <= budget) {
        kept.set(child.id, charts);
        held += charts.size;
      }
      return charts;
    },
    async forOwnPage(run) {
      written.add(run.id);
      const cached = kept.get(run.id);
      if (cached) {
        kept.delete(run.id);
        held -= cached.size;
        return cached;
      }
      return read(run);
    },
    skip(run) {
      written.add(run.id);
      const cached = kept.get(run.id);
      if (cached) {
        kept.delete(run.id);
        held -= cached.size;
      }
    },
  };
}
