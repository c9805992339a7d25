/**
 * One key's values over a slice, read in place from the column the builder wrote (column-encoding.ts):
 * sparse positions are spelled out once when the slice arrives, and a lookup is an index (dense) or a
 * binary search (sparse), then a dictionary step when the values are coded.
 */
import type { Column } from "../../report/page-data.js";
import { indexIn } from "./binary-search.js";

/** A column with its positions spelled out (sparse) and its entries as the file has them. */
export interface KeyColumn<V> {
  /** Ascending positions within the slice of the runs that have the key; null when dense. */
  readonly positions: Int32Array | null;
  readonly values: readonly (V | null)[] | null;
  readonly dict: readonly V[] | null;
  readonly codes: readonly (number | null)[] | null;
}

export function keyColumn<V>(column: Column<V> | null): KeyColumn<V> | null {
  if (column === null) return null;
  let positions: Int32Array | null = null;
  if (column.at !== undefined) {
    positions = new Int32Array(column.at.length);
    let at = 0;
    column.at.forEach((gap, n) => (positions![n] = at = n === 0 ? gap : at + gap));
  }
  return "dict" in column
    ? { positions, values: null, dict: column.dict, codes: column.codes }
    : { positions, values: column.values, dict: null, codes: null };
}

export function entryOf<V>(column: KeyColumn<V> | null | undefined, position: number): V | undefined {
  if (!column) return undefined;
  let n = position;
  if (column.positions !== null) {
    n = indexIn(column.positions, position);
    if (n < 0) return undefined;
  }
  if (column.codes !== null) {
    const code = column.codes[n];
    return code === null || code === undefined ? undefined : column.dict?.[code];
  }
  const value = column.values?.[n];
  return value === null ? undefined : value;
}
