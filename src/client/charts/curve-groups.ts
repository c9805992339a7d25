/**
 * Children's curves of one metric grouped by a param, as W&B and Aim draw groups: per value of the param,
 * the mean of its children's curves with the min–max band around it and how many children it holds. The
 * children's curves need not share steps (each is reduced to its own buckets): every curve is read at the
 * same x positions (the union of their steps, or at most MAX_POSITIONS evenly spaced ones) by linear
 * interpolation within its own range, never beyond it, so a short run stops counting where it stops. A
 * non-finite value leaves a gap in that child's curve, not a NaN in the mean. Pure, so node tests use it.
 */
import type { ParamValue } from "../../format/records.js";

/** Positions read across all curves: about a chart's width, whatever the steps logged. */
export const MAX_POSITIONS = 1000;

export interface GroupInput {
  readonly id: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** The child's value of the grouping param; undefined: it has none. */
  readonly value: ParamValue | undefined;
}

export interface CurveGroup {
  /** The param's value as text; null for the children without it. */
  readonly value: string | null;
  /** Children in the group (those with a curve of this metric). */
  readonly count: number;
  /** Per position: the mean, min and max of the children's values there, and how many had one; null where none. */
  readonly mean: ReadonlyArray<number | null>;
  readonly min: ReadonlyArray<number | null>;
  readonly max: ReadonlyArray<number | null>;
  readonly n: Int32Array;
}

export interface GroupedCurves {
  /** The shared x positions, ascending. */
  readonly x: Float64Array;
  /** In the param's order: numbers by value, text alphabetically; the group without a value last. */
  readonly groups: readonly CurveGroup[];
}

export function groupCurves(curves: readonly GroupInput[]): GroupedCurves {
  const x = positions(curves);
  const byValue = new Map<string | null, { sample: ParamValue | undefined; members: GroupInput[] }>();
  for (const curve of curves) {
    const key = curve.value === undefined ? null : String(curve.value);
    const entry = byValue.get(key) ?? { sample: curve.value, members: [] };
    entry.members.push(curve);
    byValue.set(key, entry);
  }
  const keys = [...byValue.keys()].sort((a, b) => compareValues(a === null ? undefined : byValue.get(a)!.sample, b === null ? undefined : byValue.get(b)!.sample));
  return { x, groups: keys.map((key) => aggregate(key, byValue.get(key)!.members, x)) };
}

/** The union of every curve's x, or MAX_POSITIONS evenly spaced over their span when that is more. */
function positions(curves: readonly GroupInput[]): Float64Array {
  const all = new Set<number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const curve of curves) {
    for (const value of curve.x) all.add(value);
    if (curve.x.length > 0) {
      lo = Math.min(lo, curve.x[0]!);
      hi = Math.max(hi, curve.x[curve.x.length - 1]!);
    }
  }
  if (all.size <= MAX_POSITIONS) return Float64Array.from(all).sort();
  return Float64Array.from({ length: MAX_POSITIONS }, (_, i) => lo + ((hi - lo) * i) / (MAX_POSITIONS - 1));
}

function aggregate(value: string | null, members: readonly GroupInput[], x: Float64Array): CurveGroup {
  const sum = new Float64Array(x.length);
  const min = new Float64Array(x.length).fill(Infinity);
  const max = new Float64Array(x.length).fill(-Infinity);
  const n = new Int32Array(x.length);
  for (const member of members) {
    readAt(member, x, (i, v) => {
      sum[i] = sum[i]! + v;
      if (v < min[i]!) min[i] = v;
      if (v > max[i]!) max[i] = v;
      n[i] = n[i]! + 1;
    });
  }
  const at = (values: Float64Array, i: number) => (n[i] === 0 ? null : values[i]!);
  return {
    value,
    count: members.length,
    mean: Array.from(sum, (s, i) => (n[i] === 0 ? null : s / n[i]!)),
    min: Array.from(min, (_, i) => at(min, i)),
    max: Array.from(max, (_, i) => at(max, i)),
    n,
  };
}

/** Calls `use(i, value)` for each position inside the curve's range where it has a finite value. */
function readAt(curve: GroupInput, x: Float64Array, use: (i: number, value: number) => void): void {
  const { x: xs, y: ys } = curve;
  const last = xs.length - 1;
  if (last < 0) return;
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const at = x[i]!;
    if (at < xs[0]! || at > xs[last]!) continue;
    while (j < last && xs[j + 1]! < at) j++;
    let value: number;
    if (xs[j] === at || j === last) value = ys[j]!;
    else if (xs[j + 1] === at) value = ys[j + 1]!;
    else value = ys[j]! + ((ys[j + 1]! - ys[j]!) * (at - xs[j]!)) / (xs[j + 1]! - xs[j]!);
    if (Number.isFinite(value)) use(i, value);
  }
}

/** Numbers before text, numbers by value, text alphabetically, no value last. */
function compareValues(a: ParamValue | undefined, b: ParamValue | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : 1) : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number" || typeof b === "number") return typeof a === "number" ? -1 : 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
