/**
 * Metric histories an MLflow read parses anyway (a run's summaries come from its whole metric files), kept
 * for the next reader of the same run, so that a report reads each metric file once instead of twice: on a
 * store of small files the second read (an open, a read and a close per file) cost as much as the first.
 * Bounded by a number of points, taken in the order runs are read: what does not fit is read again.
 */
import type { MlflowPoint } from "./metric-file.js";

export type Histories = Map<string, MlflowPoint[]>;

export interface HistoryShelf {
  /** Keeps a run's histories (by key, sorted; logged order within a key) while the budget allows. */
  put(dir: string, histories: Histories): void;
  /** The run's histories, once: they leave the shelf. */
  take(dir: string): Histories | undefined;
}

/** Points kept at once by default: about 50 MB (a point takes about 50 bytes). */
const KEPT_POINTS = 1_000_000;

/** `budget`: points kept at once. */
export function historyShelf(budget = KEPT_POINTS): HistoryShelf {
  const kept = new Map<string, { histories: Histories; points: number }>();
  let held = 0;
  return {
    put(dir, histories) {
      let points = 0;
      for (const list of histories.values()) points += list.length;
      if (kept.has(dir) || held + points > budget) return;
      kept.set(dir, { histories, points });
      held += points;
    },
    take(dir) {
      const found = kept.get(dir);
      if (found === undefined) return undefined;
      kept.delete(dir);
      held -= found.points;
      return found.histories;
    },
  };
}
