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

/** Base64 of little-endian float64s back to numbers (NaN and the infinities included). */
export function unpackFloats(text: string): Float64Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(bytes.length >> 3);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

export function unpack(points: PackedXY | PackedPoints): XYT {
  return { x: undelta(points.x), y: unpackFloats(points.y), t: "t" in points ? undelta(points.t) : new Float64Array(0) };
}
