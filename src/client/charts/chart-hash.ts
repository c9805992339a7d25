/**
 * The run page's chart view in the URL hash, so a zoomed, smoothed view can be shared:
 * `x=wall|rel` (x axis; step when absent), `z=<from>~<to>` (zoomed x range, in the axis' units),
 * `sm=<metric>:<weight>,...` (smoothing per chart), `log=<metric>,...` (log-scale charts). Metric keys are
 * percent-encoded (so they hold no `,` or `:`). Malformed parts and unknown metrics are ignored, so a
 * hand-edited link still opens the page. Pure, so node tests can use it as the browser does.
 */
import { decodeComponent, hashParts } from "../hash-parts.js";

export const XAxis = { Step: "step", Wall: "wall", Relative: "rel" } as const;
export type XAxis = (typeof XAxis)[keyof typeof XAxis];

export interface ChartView {
  readonly axis: XAxis;
  readonly zoom: readonly [number, number] | null;
  /** Per metric key, an EMA weight in (0, 0.99]. */
  readonly smoothing: ReadonlyMap<string, number>;
  readonly log: ReadonlySet<string>;
}

/** The hash part names this view owns (others, such as the sweep's, are left alone). */
export const CHART_HASH_NAMES = ["x", "z", "sm", "log"] as const;

export const MAX_SMOOTHING = 0.99;

export function emptyView(): ChartView {
  return { axis: XAxis.Step, zoom: null, smoothing: new Map(), log: new Set() };
}

/** The hash parts for a view, without `#`; "" for the default view. */
export function encodeChartHash(view: ChartView): string {
  const parts: string[] = [];
  if (view.axis !== XAxis.Step) parts.push(`x=${view.axis}`);
  if (view.zoom) parts.push(`z=${view.zoom[0]}~${view.zoom[1]}`);
  const smoothing = [...view.smoothing].filter(([, w]) => w > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (smoothing.length > 0) parts.push(`sm=${smoothing.map(([key, w]) => `${encodeURIComponent(key)}:${w}`).join(",")}`);
  const log = [...view.log].sort();
  if (log.length > 0) parts.push(`log=${log.map(encodeURIComponent).join(",")}`);
  return parts.join("&");
}

/** Parses a hash (with or without `#`); metrics outside `keys` are dropped. */
export function decodeChartHash(hash: string, keys: readonly string[]): ChartView {
  const known = new Set(keys);
  let axis: XAxis = XAxis.Step;
  let zoom: [number, number] | null = null;
  const smoothing = new Map<string, number>();
  const log = new Set<string>();
  for (const [name, value] of hashParts(hash)) {
    if (name === "x" && (value === XAxis.Wall || value === XAxis.Relative)) axis = value;
    else if (name === "z") {
      const [from, to] = value.split("~").map(Number);
      if (from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to) && from < to) zoom = [from, to];
    } else if (name === "sm") {
      for (const item of value.split(",")) {
        const colon = item.lastIndexOf(":");
        const key = colon > 0 ? decodeComponent(item.slice(0, colon)) : null;
        const weight = Number(item.slice(colon + 1));
        if (key !== null && known.has(key) && weight > 0 && weight <= MAX_SMOOTHING) smoothing.set(key, weight);
      }
    } else if (name === "log") {
      for (const item of value.split(",")) {
        const key = decodeComponent(item);
        if (key !== null && known.has(key)) log.add(key);
      }
    }
  }
  return { axis, zoom, smoothing, log };
}
