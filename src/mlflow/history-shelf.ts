/**
 * Metric histories an MLflow read parses anyway (a run's summaries come from its whole metric files), kept
 * for the next reader of the same run, so that a report reads each metric file once instead of twice: on a
 * store of small files the second read (an open, a read and a close per file) cost as much as the first.
 * Bounded by a number of points, taken in the order runs are read: what does not fit is read again.
 *
 * Kept packed, three numbers a point in one Float64Array per metric: a million points held as objects
 * would be a million objects for the garbage collector to copy and mark while the rest of the store is
 * read, and for a worker thread's message to clone one by one. A packed history crosses to another thread
 * as one block of bytes (`takePacked`, `putPacked`).
 */
import type { MlflowPoint } from "./metric-file.js";

export type Histories = Map<string, MlflowPoint[]>;

/** A run's histories packed: by key, `[step, value, timestamp]` per point, in logged order. */
export type PackedHistories = ReadonlyArray<readonly [string, Float64Array]>;

export interface HistoryShelf {
  /** Keeps a run's histories (by key, sorted; logged order within a key) while the budget allows. */
  put(dir: string, histories: Histories): void;
  /** The run's histories, once: they leave the shelf. */
  take(dir: string): Histories | undefined;
  /** `put` for histories another thread packed. */
  putPacked(dir: string, packed: PackedHistories): void;
  /** `take`, packed, for another thread. */
  takePacked(dir: string): PackedHistories | undefined;
}

/** Points kept at once by default: about 24 MB packed. */
const KEPT_POINTS = 1_000_000;

function packHistories(histories: Histories): PackedHistories {
  return [...histories].map(([key, points]) => {
    const packed = new Float64Array(points.length * 3);
    points.forEach((point, n) => {
      packed[n * 3] = point.step;
      packed[n * 3 + 1] = point.value;
      packed[n * 3 + 2] = point.timestamp;
    });
    return [key, packed] as const;
  });
}

function unpack(packed: PackedHistories): Histories {
  return new Map(
    packed.map(([key, numbers]) => {
      const points: MlflowPoint[] = new Array(numbers.length / 3);
      for (let n = 0; n < points.length; n++) points[n] = { step: numbers[n * 3]!, value: numbers[n * 3 + 1]!, timestamp: numbers[n * 3 + 2]! };
      return [key, points] as const;
    }),
  );
}

/** `budget`: points kept at once. */
export function historyShelf(budget = KEPT_POINTS): HistoryShelf {
  const kept = new Map<string, { packed: PackedHistories; points: number }>();
  let held = 0;
  /** Keeps `points` points of `dir`, packed when it fits (and only then). */
  const keep = (dir: string, points: number, packed: () => PackedHistories) => {
    if (kept.has(dir) || held + points > budget) return;
    kept.set(dir, { packed: packed(), points });
    held += points;
  };
  const takePacked = (dir: string) => {
    const found = kept.get(dir);
    if (found === undefined) return undefined;
    kept.delete(dir);
    held -= found.points;
    return found.packed;
  };
  return {
    put(dir, histories) {
      let points = 0;
      for (const list of histories.values()) points += list.length;
      keep(dir, points, () => packHistories(histories));
    },
    take(dir) {
      const packed = takePacked(dir);
      return packed && unpack(packed);
    },
    putPacked(dir, packed) {
      let points = 0;
      for (const [, numbers] of packed) points += numbers.length / 3;
      keep(dir, points, () => packed);
    },
    takePacked,
  };
}
