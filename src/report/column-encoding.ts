/**
 * One key's values over a slice of runs, written as compactly as JSON allows (see `Column` in
 * page-data.ts): a key most runs have is written dense, one entry per run; a key few runs have lists where
 * it is; values that repeat (an optimizer's name, a batch size) are written once and referred to by index.
 * At 100,000 runs this is what keeps an experiment's data a third of what one object per run would take.
 */
import type { Column } from "./page-data.js";

/** Below this share of runs having a key, listing positions is shorter than a `null` per missing run. */
const DENSE_SHARE = 0.5;
/** Coding by index pays off when each distinct value is used at least this often on average. */
const REPEATS_FOR_DICT = 3;

/**
 * `valueAt(position)` gives the value of each run of the slice (`undefined` when it lacks the key), for
 * positions 0..`length`-1; null when no run has the key.
 *
 * @example encodeColumn(4, (i) => (i < 3 ? "adam" : undefined)) // { values: ["adam", "adam", "adam", null] }
 */
export function encodeColumn<V extends string | number | boolean>(
  length: number,
  valueAt: (position: number) => V | undefined,
): Column<V> | null {
  const all = Array.from({ length }, (_, i) => valueAt(i));
  const positions: number[] = [];
  const values: V[] = [];
  all.forEach((value, i) => {
    if (value === undefined) return;
    positions.push(i);
    values.push(value);
  });
  if (values.length === 0) return null;
  const coded = dictionaryOf(values);
  if (values.length >= length * DENSE_SHARE) {
    if (coded === null) return { values: all.map((value) => value ?? null) };
    return { dict: coded.dict, codes: all.map((value) => (value === undefined ? null : coded.codeOf(value))) };
  }
  const at = positions.map((position, n) => (n === 0 ? position : position - positions[n - 1]!));
  return coded === null ? { at, values } : { at, dict: coded.dict, codes: values.map(coded.codeOf) };
}

/** Distinct values in first-seen order and a value's index among them, or null when values rarely repeat. */
function dictionaryOf<V extends string | number | boolean>(values: readonly V[]): { dict: V[]; codeOf: (value: V) => number } | null {
  // The type is part of the key: 1 and "1", true and "true" must stay apart.
  const keyOf = (value: V): string => `${typeof value}:${String(value)}`;
  const index = new Map<string, number>();
  const dict: V[] = [];
  for (const value of values) {
    const key = keyOf(value);
    if (index.has(key)) continue;
    index.set(key, dict.length);
    dict.push(value);
    if (dict.length * REPEATS_FOR_DICT > values.length) return null;
  }
  return { dict, codeOf: (value) => index.get(keyOf(value))! };
}
