/**
 * The chart panel's bar chart: one metric for each top-level run the table shows, a bar per run, sorted by
 * value (lowest or highest first), at most MAX_BARS of them. A parent shows what its row shows in the
 * objective's column: its best child's value, marked ★ with the child's name. Each bar opens its run.
 */
import { formatExact, formatNumber } from "../../report/format.js";
import { limitWidth, round, truncate } from "../charts/frame.js";
import { linearScale, niceDomain } from "../charts/scale.js";
import { h, s } from "../dom.js";
import type { RunData } from "../runs/run-data.js";
import type { RunNode } from "../runs/run-index.js";

export const MAX_BARS = 30;
const WIDTH = 560;
const ROW = 20;
const LABEL = 170;
const TOP = 8;
const AXIS = 24;

export interface Bars {
  readonly plot: SVGSVGElement | HTMLElement;
  readonly note: string;
  readonly bars: number;
}

export function rootBars(data: RunData, roots: readonly RunNode[], metric: string, order: "asc" | "desc"): Bars {
  const key = data.metricKeys.indexOf(metric.slice("metrics.".length));
  const rows = roots.flatMap((node) => {
    const value = key < 0 || !metric.startsWith("metrics.") ? undefined : data.shownMetric(key, node.index);
    return value === undefined || !Number.isFinite(value) ? [] : [{ run: node.index, value }];
  });
  rows.sort((a, b) => (order === "asc" ? a.value - b.value : b.value - a.value) || a.run - b.run);
  const shown = rows.slice(0, MAX_BARS);
  const notes: string[] = [];
  if (shown.length < rows.length) notes.push(`The ${order === "asc" ? "lowest" : "highest"} ${shown.length} of ${rows.length} top-level runs.`);
  if (rows.length < roots.length) notes.push(`${roots.length - rows.length} of ${roots.length} top-level runs have no finite ${metric}.`);
  const note = notes.join(" ");
  if (shown.length === 0) return { plot: h("p", { class: "chart-empty" }, `No top-level run shown has ${metric}.`), note, bars: 0 };

  const values = shown.map((row) => row.value);
  const domain = niceDomain([Math.min(0, ...values), Math.max(0, ...values)]);
  const x = linearScale(domain, [LABEL, WIDTH - 16]);
  const height = TOP + shown.length * ROW + AXIS;
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "chart bars", role: "img", "aria-label": `${metric} per top-level run` });
  svg.appendChild(s("title", {}, `${metric} per top-level run`));
  limitWidth(svg, WIDTH);
  const bottom = TOP + shown.length * ROW;
  const axes = s("g", { class: "axes" });
  for (const tick of x.ticks(5)) {
    const px = round(x.map(tick));
    axes.appendChild(s("line", { x1: px, x2: px, y1: TOP, y2: bottom, class: "grid-line" }));
    axes.appendChild(s("text", { x: px, y: bottom + 14, class: "tick-label x", "text-anchor": "middle" }, formatNumber(tick)));
  }
  const zero = round(x.map(0));
  axes.appendChild(s("line", { x1: zero, x2: zero, y1: TOP, y2: bottom, class: "axis-line" }));
  svg.appendChild(axes);
  shown.forEach((row, i) => {
    const y = TOP + i * ROW;
    const name = data.name(row.run) || data.id(row.run);
    const best = data.best(row.run);
    const fromChild = best !== undefined && best.metric === key;
    const title = `${name} · ${metric} = ${formatExact(row.value)}${fromChild ? ` (★ best child ${best.name})` : ""}`;
    const end = x.map(row.value);
    const bar = s("rect", { x: round(Math.min(zero, end)), y: y + 3, width: Math.max(1, round(Math.abs(end - zero))), height: ROW - 6, class: fromChild ? "bar best-child" : "bar" });
    const label = s("text", { x: LABEL - 6, y: y + ROW / 2, class: "bar-label", "text-anchor": "end", "dominant-baseline": "middle" }, `${fromChild ? "★ " : ""}${truncate(name, 24)}`);
    svg.appendChild(s("a", { href: data.href(row.run), "data-run-id": data.id(row.run), "data-value": String(row.value) }, s("title", {}, title), label, bar));
  });
  return { plot: svg, note, bars: shown.length };
}
