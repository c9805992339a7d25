/**
 * The common frame of the x/y charts: an SVG sized by its viewBox (CSS scales it), a plot area, and axes
 * with a few ticks and labels. Colours come from the stylesheet through classes, so charts follow the
 * page's light or dark theme.
 */
import { s } from "../dom.js";
import { formatNumber } from "../../report/format.js";
import { linearScale, logScale, niceDomain, pointScale, type LinearScale, type PointScale } from "./scale.js";

export type XAxisSpec =
  | {
      readonly kind: "linear";
      readonly domain: readonly [number, number];
      readonly label: string;
      readonly integer?: boolean;
      /** A base-10 log axis (the domain must be positive). */
      readonly log?: boolean;
      /** Pixels kept free at each end, so marks on the first and last value are not cut by the axes. */
      readonly inset?: number;
    }
  | { readonly kind: "point"; readonly domain: readonly string[]; readonly label: string };

export interface FrameOptions {
  /** The chart's accessible name. */
  readonly title: string;
  readonly x: XAxisSpec;
  readonly y: { readonly domain: readonly [number, number]; readonly label: string };
  readonly width?: number;
  readonly height?: number;
}

export interface Frame {
  readonly svg: SVGSVGElement;
  /** Data marks go here, drawn above the grid. */
  readonly plot: SVGGElement;
  readonly x: LinearScale | PointScale;
  readonly y: LinearScale;
  readonly box: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
}

/** More category labels than this would overlap on the x axis; every n-th is labelled instead. */
const MAX_CATEGORY_LABELS = 8;

export const MARGIN = { top: 26, right: 18, bottom: 42, left: 62 } as const;

export function createFrame(options: FrameOptions): Frame {
  const width = options.width ?? 560;
  const height = options.height ?? 260;
  const box = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const svg = s("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "chart",
    role: "img",
    "aria-label": options.title,
    preserveAspectRatio: "xMidYMid meet",
  });
  svg.appendChild(s("title", {}, options.title));
  limitWidth(svg, width);

  const y = linearScale(niceDomain(options.y.domain), [box.bottom, box.top]);
  const inset = options.x.kind === "linear" ? options.x.inset ?? 0 : 0;
  const xRange = [box.left + inset, box.right - inset] as const;
  const x =
    options.x.kind === "point"
      ? pointScale(options.x.domain, xRange)
      : options.x.log === true
        ? logScale(options.x.domain, xRange)
        : linearScale(niceDomain(options.x.domain), xRange);
  // Steps and trial numbers are whole: a tick at 0.5 would name a step that cannot exist.
  const integer = options.x.kind === "linear" && options.x.integer === true;

  const grid = s("g", { class: "grid" });
  const axes = s("g", { class: "axes" });
  for (const tick of y.ticks(5)) {
    const py = round(y.map(tick));
    grid.appendChild(s("line", { x1: box.left, x2: box.right, y1: py, y2: py }));
    axes.appendChild(s("text", { x: box.left - 6, y: py, class: "tick-label y", "dominant-baseline": "middle", "text-anchor": "end" }, formatNumber(tick)));
  }
  const xTicks: Array<[number, string]> =
    x.kind === "point"
      ? x.domain.filter((_, i) => i % Math.ceil(x.domain.length / MAX_CATEGORY_LABELS) === 0).map((c) => [x.map(c), c])
      : x.ticks(6).filter((t) => !integer || Number.isInteger(t)).map((t) => [x.map(t), formatNumber(t)]);
  for (const [px, label] of xTicks) {
    const rx = round(px);
    axes.appendChild(s("line", { x1: rx, x2: rx, y1: box.bottom, y2: box.bottom + 4, class: "tick" }));
    axes.appendChild(s("text", { x: rx, y: box.bottom + 16, class: "tick-label x", "text-anchor": "middle" }, truncate(label, 14)));
  }
  axes.appendChild(s("line", { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom, class: "axis-line" }));
  axes.appendChild(s("line", { x1: box.left, x2: box.left, y1: box.top, y2: box.bottom, class: "axis-line" }));
  axes.appendChild(s("text", { x: (box.left + box.right) / 2, y: height - 6, class: "axis-label", "text-anchor": "middle" }, options.x.label));
  axes.appendChild(
    s("text", { x: 0, y: 0, class: "axis-label", "text-anchor": "middle", transform: `translate(14 ${(box.top + box.bottom) / 2}) rotate(-90)` }, truncate(options.y.label, 30)),
  );

  const plot = s("g", { class: "plot" });
  svg.append(grid, axes, plot);
  return { svg, plot, x, y, box };
}

/**
 * Text in an SVG scales with it: a chart stretched far beyond its viewBox gets huge labels. Capping the
 * width near the viewBox keeps labels near their designed size (CSSOM styles are allowed by the CSP).
 */
export function limitWidth(svg: SVGSVGElement, width: number): void {
  svg.style.maxWidth = `${Math.round(width * 1.3)}px`;
}

/** Half-pixel rounding keeps hairlines crisp and the SVG text short. */
export function round(value: number): number {
  return Math.round(value * 2) / 2;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
