/**
 * Reads the charts run pages need, reading each history as few times as possible: on a large store the
 * build is bound by file reads. A sweep's children, read for the parent's curves, keep their charts until
 * their own page is written, and a child whose own page comes first (pages are made several at a time, so
 * a child's page often starts while its parent's is still loading) keeps them for the parent's page; both
 * within a budget of bytes, so memory stays flat whatever the shape of the store.
 */
import type { RunRecord } from "../model/run-record.js";
import type { Problem } from "../model/problem.js";
import type { HistoryShelf } from "../mlflow/history-shelf.js";
import { readRunCharts, type RunCharts, type WriteRunFile } from "./chart-data.js";

export interface ChartCache {
  /** A parent's page is being made and will ask for these children's charts (call before any await). */
  expect(children: readonly RunRecord[]): void;
  /** A child's charts for its parent's sweep; kept for the child's own page while the budget allows. */
  forParent(child: RunRecord): Promise<RunCharts>;
  /** A run's charts for its own page; takes a kept copy when there is one, and keeps one for an expecting parent. */
  forOwnPage(run: RunRecord): Promise<RunCharts>;
  /** The run's own page is not being made (the previous build's is still good): drop a kept copy. */
  skip(run: RunRecord): void;
}

/**
 * `budget` is in bytes of chart data kept; `writeFor(run)` writes a file beside that run's page (history
 * chunks are written when a run's charts are read, whichever page asks first); problems found in a run's
 * history go to `problemsFor(run)`; `shelf` holds MLflow histories their reader kept (read once, not twice).
 */
export function createChartCache(
  budget: number,
  problemsFor: (run: RunRecord) => Problem[],
  writeFor: (run: RunRecord) => WriteRunFile,
  shelf?: HistoryShelf,
): ChartCache {
  const kept = new Map<string, RunCharts>();
  /** Runs whose own page has its charts (or needs none). */
  const written = new Set<string>();
  /** Children whose parent's page will ask for their charts. */
  const wanted = new Set<string>();
  /** Reads under way: two pages asking for one run at once share one read. */
  const reading = new Map<string, Promise<RunCharts>>();
  let held = 0;
  const read = (run: RunRecord): Promise<RunCharts> => {
    const pending = reading.get(run.id);
    if (pending) return pending;
    const charts = readRunCharts(run, writeFor(run), problemsFor(run), shelf?.takePacked(run.dir));
    reading.set(run.id, charts);
    const done = () => void reading.delete(run.id);
    charts.then(done, done);
    return charts;
  };
  const keep = (run: RunRecord, charts: RunCharts) => {
    if (kept.has(run.id) || held + charts.size > budget) return;
    kept.set(run.id, charts);
    held += charts.size;
  };
  const take = (run: RunRecord) => {
    const cached = kept.get(run.id);
    if (cached) {
      kept.delete(run.id);
      held -= cached.size;
    }
    return cached;
  };
  return {
    expect(children) {
      for (const child of children) wanted.add(child.id);
    },
    async forParent(child) {
      wanted.delete(child.id);
      // Kept for this page by the child's own page: no one needs it after this.
      if (written.has(child.id)) return take(child) ?? read(child);
      const cached = kept.get(child.id);
      if (cached) return cached;
      const charts = await read(child);
      if (!written.has(child.id)) keep(child, charts);
      return charts;
    },
    async forOwnPage(run) {
      written.add(run.id);
      const cached = take(run);
      if (cached) return cached;
      const charts = await read(run);
      if (wanted.has(run.id)) keep(run, charts);
      return charts;
    },
    skip(run) {
      written.add(run.id);
      take(run);
    },
  };
}
