/**
 * Chart points in the compact form of `PackedXY` / `PackedPoints` (see page-data.ts): differences for the
 * whole-number columns, base64 float64 for the values. The browser's `client/charts/unpack.ts` reads it back.
 */
import type { PackedPoints, PackedXY } from "./page-data.js";

/** Each entry minus the one before (the first minus 0). */
function deltas(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    out[i] = value - previous;
    previous = value;
  }
  return out;
}

/** Base64 of the little-endian float64s; NaN is always written as the same bytes, so output is stable. */
export function packFloats(values: ArrayLike<number>): string {
  const bytes = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) bytes.writeUInt32LE(0x7ff80000, i * 8 + 4);
    else bytes.writeDoubleLE(value, i * 8);
  }
  return bytes.toString("base64");
}

export function packXY(x: ArrayLike<number>, y: ArrayLike<number>): PackedXY {
  return { x: deltas(x), y: packFloats(y) };
}

export function packPoints(x: ArrayLike<number>, y: ArrayLike<number>, t: ArrayLike<number>): PackedPoints {
  return { x: deltas(x), y: packFloats(y), t: deltas(t) };
}
