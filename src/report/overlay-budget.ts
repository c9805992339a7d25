/**
 * A sweep's overlay has a point budget per chart, not per curve: 200 curves on one chart about 600 px wide
 * cannot show 250 buckets each, yet every bucket costs the page bytes to parse, points to unpack and a
 * segment to draw. So the more curves, the fewer buckets each: the largest divisor of `OVERLAY_BUCKETS`
 * that keeps curves × buckets within `OVERLAY_BUCKET_BUDGET` (200 curves get 50 buckets, about 40,000
 * points instead of 200,000).
 *
 * A divisor, because then the coarse buckets are unions of the child's fine ones: reducing the child's
 * 250-bucket curve again with M4 gives exactly what M4 over its full history would (each coarse bucket's
 * first, last, lowest and highest point, first NaN and first ±Infinity), with no second read of the
 * history. Still M4 per bucket, so spikes and the final value stay.
 */
import { M4 } from "../model/downsample.js";
import { OVERLAY_BUCKETS, WHOLE_FACTOR } from "./chart-data.js";
import { packXY } from "./pack.js";
import type { OverlayCurve } from "./page-data.js";

/** Buckets on one overlay chart, over all its curves: 50 curves keep all of `OVERLAY_BUCKETS`. */
export const OVERLAY_BUCKET_BUDGET = 12_500;

/**
 * The buckets per curve for an overlay of `curves` curves.
 * @example overlayBuckets(5) // 250
 * @example overlayBuckets(200) // 50
 */
export function overlayBuckets(curves: number): number {
  for (let buckets = OVERLAY_BUCKETS; buckets > 1; buckets--) {
    if (OVERLAY_BUCKETS % buckets === 0 && curves * buckets <= OVERLAY_BUCKET_BUDGET) return buckets;
  }
  return 1;
}

/** The curve's points back as numbers (x from its differences, y from the little-endian float64s). */
function unpackCurve(curve: OverlayCurve): { x: number[]; y: number[] } {
  const x: number[] = [];
  let sum = 0;
  for (const delta of curve.x) x.push((sum += delta));
  const bytes = Buffer.from(curve.y, "base64");
  const y: number[] = [];
  for (let i = 0; i + 8 <= bytes.length; i += 8) y.push(bytes.readDoubleLE(i));
  return { x, y };
}

/**
 * The curve reduced to `buckets` (a divisor of `OVERLAY_BUCKETS`), or as it is when it is short enough to
 * be drawn whole at that count. Its first and last points are the history's first and last x (M4 keeps
 * them), so the buckets' bounds are the ones the builder used.
 */
export function reduceCurve(curve: OverlayCurve, buckets: number): OverlayCurve {
  if (buckets >= OVERLAY_BUCKETS || curve.count <= buckets * WHOLE_FACTOR) return curve;
  const { x, y } = unpackCurve(curve);
  const m4 = new M4(buckets, x[0] ?? 0, x[x.length - 1] ?? 0);
  // The points are in (x, time, arrival) order already: their index keeps that order for M4's tie-breaks.
  for (let i = 0; i < x.length; i++) m4.add(x[i]!, y[i]!, 0, i);
  const kept = m4.columns();
  return { ...packXY(kept.x, kept.y), count: curve.count, mode: curve.mode };
}
