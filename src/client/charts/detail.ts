/**
 * What a run page's chart draws for a view: the embedded points, or for a zoomed range of a long history
 * the full-resolution points of that range, read from the history chunks beside the page (loaded on
 * demand, once). A range still holding more points than the chart has pixels is reduced with the same M4
 * as the builder's, so zooming never draws more than the screen can show.
 */
import type { ChartSeries, HistoryChunk } from "../../report/page-data.js";
import { M4 } from "../../model/downsample.js";
import { loadChunk } from "./chunk-loader.js";
import { unpack, type XYT } from "./unpack.js";

/** Buckets when a zoomed range is reduced again: the builder's chart resolution. */
export const DETAIL_BUCKETS = 800;
const WHOLE_FACTOR = 4;

export interface Drawn extends XYT {
  /** 0 when these are every point of the range; else the M4 buckets they were reduced to. */
  readonly buckets: number;
  /** The range the buckets cut (whole numbers of the x used for bucketing). */
  readonly bucketMin: number;
  readonly bucketMax: number;
  /** Points of the full history in the range (what the drawing stands for). */
  readonly represents: number;
  /** True when the points come from the full history (zoomed), not the embedded overview. */
  readonly full: boolean;
}

/** `byTime`: the range is in timestamps (wall or relative axis), else in x (step or point). */
export interface Range {
  readonly from: number;
  readonly to: number;
  readonly byTime: boolean;
}

const chunkCache = new Map<string, Promise<XYT>>();

function chunkPoints(chunk: HistoryChunk): Promise<XYT> {
  let points = chunkCache.get(chunk.src);
  if (!points) {
    points = loadChunk(chunk.src).then((data) => unpack(data as Parameters<typeof unpack>[0]));
    chunkCache.set(chunk.src, points);
  }
  return points;
}

function inRange(points: XYT, range: Range): XYT {
  const keep: number[] = [];
  const key = range.byTime ? points.t : points.x;
  for (let i = 0; i < key.length; i++) {
    const v = key[i]!;
    if (v >= range.from && v <= range.to) keep.push(i);
  }
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
  return { x: pick(points.x), y: pick(points.y), t: pick(points.t) };
}

function concat(parts: readonly XYT[]): XYT {
  const join = (field: "x" | "y" | "t") => {
    const out = new Float64Array(parts.reduce((n, p) => n + p[field].length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part[field], at);
      at += part[field].length;
    }
    return out;
  };
  return { x: join("x"), y: join("y"), t: join("t") };
}

/** The embedded points, unreduced further. */
export function overviewDrawn(series: ChartSeries, overview: XYT): Drawn {
  return { ...overview, buckets: series.buckets, bucketMin: series.xMin, bucketMax: series.xMax, represents: series.count, full: series.buckets === 0 };
}

/** Every point of the history in `range`, reduced to `DETAIL_BUCKETS` M4 buckets when there are more than fit. */
export async function detailDrawn(series: ChartSeries, overview: XYT, range: Range): Promise<Drawn> {
  let points: XYT;
  if (series.chunks.length === 0) points = inRange(overview, range);
  else {
    const wanted = series.chunks.filter((c) => (range.byTime ? c.tMax >= range.from && c.tMin <= range.to : c.to >= range.from && c.from <= range.to));
    points = inRange(concat(await Promise.all(wanted.map(chunkPoints))), range);
  }
  const n = points.x.length;
  const bucketMin = n > 0 ? Math.ceil(range.byTime ? points.x[0]! : range.from) : 0;
  const bucketMax = n > 0 ? Math.floor(range.byTime ? points.x[n - 1]! : range.to) : 0;
  if (n <= DETAIL_BUCKETS * WHOLE_FACTOR) return { ...points, buckets: 0, bucketMin, bucketMax, represents: n, full: true };
  const m4 = new M4(DETAIL_BUCKETS, bucketMin, bucketMax);
  for (let i = 0; i < n; i++) m4.add(points.x[i]!, points.y[i]!, points.t[i]!, i);
  const kept = m4.columns();
  return { x: Float64Array.from(kept.x), y: Float64Array.from(kept.y), t: Float64Array.from(kept.t), buckets: DETAIL_BUCKETS, bucketMin, bucketMax, represents: n, full: true };
}
