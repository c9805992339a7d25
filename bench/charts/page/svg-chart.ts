/**
 * The report's line chart before uPlot, kept as the baseline of `bench/charts/compare.ts` (it lost on the
 * figures: see that bench and the commit that replaced it). Line series against a numeric x, with a hover readout: a vertical rule at the nearest x, a dot on the
 * nearest series there, and its value. The arrow keys move the readout when the chart has focus. Points
 * whose value is NaN or infinite are not drawn; the line breaks there instead of pretending to continue.
 */
import { s } from "../../../src/client/dom.js";
import { formatExact, formatNumber } from "../../../src/report/format.js";
import { createFrame, round } from "../../../src/client/charts/frame.js";
import { nearestIndex, pointerInSvg } from "./pointer.js";
import { finiteExtent } from "../../../src/client/charts/scale.js";
/** A chart point. */
export interface XYPoint {
  readonly x: number;
  readonly y: number;
}

export interface LineSeries {
  readonly id: string;
  readonly label: string;
  /** Sorted by x. */
  readonly points: readonly XYPoint[];
  readonly highlight?: boolean;
}

export interface SeriesChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  /** Name the series in the readout (off for a single metric's chart). */
  readonly labelSeries: boolean;
}

interface Hit {
  readonly x: number;
  readonly y: number;
  readonly series: LineSeries;
}

/** The SVG chart, or null when no series has a finite point (there is nothing to draw). */
export function drawSeriesChart(options: SeriesChartOptions): SVGSVGElement | null {
  const finite = options.series.flatMap((series) => series.points.filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x)));
  const xExtent = finiteExtent(finite.map((p) => p.x));
  const yExtent = finiteExtent(finite.map((p) => p.y));
  if (!xExtent || !yExtent) return null;

  const frame = createFrame({
    title: options.title,
    x: { kind: "linear", domain: xExtent, label: options.xLabel, integer: true },
    y: { domain: yExtent, label: options.yLabel },
  });
  const { y, box, plot, svg } = frame;
  if (frame.x.kind !== "linear") return null;
  const x = frame.x;

  // Highlighted series last, so they are drawn on top.
  const ordered = [...options.series].sort((a, b) => Number(a.highlight ?? false) - Number(b.highlight ?? false));
  for (const series of ordered) {
    plot.appendChild(
      s("path", { d: pathData(series.points, x.map, y.map), class: series.highlight ? "series highlight" : "series" }, s("title", {}, series.label)),
    );
    const lone = series.points.filter((p) => Number.isFinite(p.y));
    if (lone.length === 1 && lone[0]) {
      plot.appendChild(s("circle", { cx: round(x.map(lone[0].x)), cy: round(y.map(lone[0].y)), r: 2.5, class: "series-dot" }));
    }
  }

  // Hover: group the finite points by x once; each move is then a binary search.
  const byX = new Map<number, Hit[]>();
  for (const series of options.series) {
    for (const p of series.points) {
      if (!Number.isFinite(p.y)) continue;
      const hits = byX.get(p.x) ?? [];
      hits.push({ x: p.x, y: p.y, series });
      byX.set(p.x, hits);
    }
  }
  const xs = [...byX.keys()].sort((a, b) => a - b);
  const rule = s("line", { class: "hover-rule", y1: box.top, y2: box.bottom, visibility: "hidden" });
  const dot = s("circle", { class: "hover-dot", r: 4, visibility: "hidden" });
  const readout = s("text", { class: "readout", x: box.left + 4, y: box.top - 8 });
  const overlay = s("rect", { class: "hover-target", x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top });
  svg.append(rule, dot, readout, overlay);
  svg.setAttribute("tabindex", "0");

  let current = -1;
  function show(i: number, pointerY: number | null): void {
    const px = xs[i];
    const hits = px === undefined ? undefined : byX.get(px);
    const first = hits?.[0];
    if (px === undefined || !hits || !first) return hide();
    current = i;
    const hit = pickHit(first, hits, pointerY, y.map);
    const cx = String(round(x.map(px)));
    rule.setAttribute("x1", cx);
    rule.setAttribute("x2", cx);
    dot.setAttribute("cx", cx);
    dot.setAttribute("cy", String(round(y.map(hit.y))));
    rule.setAttribute("visibility", "visible");
    dot.setAttribute("visibility", "visible");
    const who = options.labelSeries ? `${hit.series.label} · ` : "";
    readout.textContent = `${who}${options.xLabel} ${formatNumber(px)}: ${formatExact(hit.y)}`;
  }
  function hide(): void {
    rule.setAttribute("visibility", "hidden");
    dot.setAttribute("visibility", "hidden");
    readout.textContent = "";
  }
  overlay.addEventListener("pointermove", (event) => {
    const p = pointerInSvg(svg, event);
    if (p) show(nearestIndex(xs, x.invert(p.x)), p.y);
  });
  overlay.addEventListener("pointerleave", hide);
  svg.addEventListener("keydown", (event) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0 || xs.length === 0) return;
    event.preventDefault();
    show(Math.min(xs.length - 1, Math.max(0, current < 0 ? 0 : current + step)), null);
  });
  svg.addEventListener("blur", hide);
  return svg;
}

/** The hit nearest the pointer's height; with no pointer (keyboard), a highlighted series or the first. */
function pickHit(first: Hit, hits: readonly Hit[], pointerY: number | null, mapY: (v: number) => number): Hit {
  let best = hits.find((h) => h.series.highlight) ?? first;
  if (pointerY === null) return best;
  for (const hit of hits) if (Math.abs(mapY(hit.y) - pointerY) < Math.abs(mapY(best.y) - pointerY)) best = hit;
  return best;
}

/** `M`/`L` path data; a non-finite value ends the current stretch and the next finite one starts a new one. */
export function pathData(points: readonly XYPoint[], mapX: (v: number) => number, mapY: (v: number) => number): string {
  const parts: string[] = [];
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? "L" : "M"}${round(mapX(p.x))} ${round(mapY(p.y))}`);
    pen = true;
  }
  return parts.join("");
}
