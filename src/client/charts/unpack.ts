/** Reads the packed chart points the builder writes (`PackedXY`, `PackedPoints` in report/page-data.ts). */
import type { PackedPoints, PackedXY } from "../../report/page-data.js";

/** Points as parallel arrays, sorted by x. */
export interface XYT {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Timestamps in ms; empty for curves packed without them. */
  readonly t: Float64Array;
}

function undelta(deltas: readonly number[]): Float64Array {
  const out = new Float64Array(deltas.length);
  let sum = 0;
  for (let i = 0; i < deltas.length; i++) out[i] = sum += deltas[i] ?? 0;
  return out;
}

/** Whether this machine stores a float64 little-endian, as the packed bytes are (every browser we know of). */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Base64 of little-endian float64s back to numbers (NaN and the infinities included). */
export function unpackFloats(text: string): Float64Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length - (binary.length % 8));
  for (let i = 0; i < bytes.length; i++) bytes[i] = binary.charCodeAt(i);
  // The bytes are the array already: a view is free, where reading each value through a DataView is not
  // (a sweep's 200 curves hold about 200,000 values).
  if (LITTLE_ENDIAN) return new Float64Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(bytes.length >> 3);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

export function unpack(points: PackedXY | PackedPoints): XYT {
  return { x: undelta(points.x), y: unpackFloats(points.y), t: "t" in points ? undelta(points.t) : new Float64Array(0) };
}
