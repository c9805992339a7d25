/**
 * Grouped curves on one uPlot chart (curve-groups.ts computes them): per group a line of the mean in the
 * group's colour and a translucent band from its min to its max, with a legend naming each value and its
 * count. Hover names the group whose mean is nearest the pointer, with its min, max and the children
 * counted at that step.
 */
import type uPlot from "uplot";
import { uPlot as loadUPlot } from "./uplot-lazy.js";
import { formatExact, formatNumber } from "../../report/format.js";
import { runColor } from "../compare/run-colors.js";
import { h } from "../dom.js";
import { XAxis } from "./chart-hash.js";
import type { CurveGroup, GroupedCurves } from "./curve-groups.js";
import { CHART_HEIGHT, axes, themeColors, widthOf, xScale } from "./uplot-base.js";

/** A group's label: `lr = 0.01`, or `no lr`. */
export function groupLabel(param: string, group: CurveGroup): string {
  return group.value === null ? `no ${param}` : `${param} = ${group.value}`;
}

/** The legend: a swatch, the value and the count per group, in the chart's order. */
export function groupLegend(param: string, grouped: GroupedCurves): HTMLElement {
  const list = h("ul", { class: "curve-groups" });
  grouped.groups.forEach((group, i) => {
    const mark = h("span", { class: "swatch", "aria-hidden": "true" });
    mark.style.setProperty("--swatch", runColor(i));
    list.appendChild(
      h(
        "li",
        { "data-group": group.value ?? "", "data-count": group.count, "data-color": runColor(i) },
        mark,
        groupLabel(param, group),
        h("span", { class: "count" }, ` (${group.count} ${group.count === 1 ? "run" : "runs"})`),
      ),
    );
  });
  return list;
}

export function plotGroups(slot: HTMLElement, key: string, param: string, grouped: GroupedCurves, readout: HTMLElement): uPlot {
  const colors = themeColors();
  const linear = loadUPlot().paths.linear?.();
  const data: Array<ArrayLike<number | null>> = [grouped.x];
  const series: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  grouped.groups.forEach((group, i) => {
    const color = runColor(i);
    const base = data.length;
    data.push(group.max, group.min, group.mean);
    const edge = { stroke: translucent(color, 0.35), width: 0.5, points: { show: false }, ...(linear && { paths: linear }) };
    series.push({ ...edge, label: `${groupLabel(param, group)} max` }, { ...edge, label: `${groupLabel(param, group)} min` });
    series.push({ label: groupLabel(param, group), stroke: color, width: 2, points: { show: false }, ...(linear && { paths: linear }) });
    bands.push({ series: [base, base + 1], fill: translucent(color, 0.16) });
  });
  return new (loadUPlot())(
    {
      width: widthOf(slot),
      height: CHART_HEIGHT,
      legend: { show: false },
      scales: { x: xScale() },
      axes: axes(XAxis.Step, colors),
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      series,
      bands,
      hooks: { setCursor: [(u) => hover(u, key, param, grouped, readout)] },
    },
    data as uPlot.AlignedData,
    slot,
  );
}

/** The group whose mean at the pointer's step is nearest the pointer. */
function hover(u: uPlot, key: string, param: string, grouped: GroupedCurves, readout: HTMLElement): void {
  const i = u.cursor.idx;
  const top = u.cursor.top;
  if (i === null || i === undefined || top === undefined || top < 0) {
    readout.textContent = "";
    readout.removeAttribute("data-group");
    return;
  }
  let best: { group: CurveGroup; d: number } | null = null;
  for (const group of grouped.groups) {
    const mean = group.mean[i];
    if (mean === null || mean === undefined) continue;
    const d = Math.abs(u.valToPos(mean, "y") - top);
    if (best === null || d < best.d) best = { group, d };
  }
  if (!best) {
    readout.textContent = "";
    readout.removeAttribute("data-group");
    return;
  }
  const { group } = best;
  const n = group.n[i] ?? 0;
  readout.textContent =
    `${groupLabel(param, group)} · step ${formatNumber(grouped.x[i]!)}: ${key} mean ${formatExact(group.mean[i]!)}` +
    ` (min ${formatExact(group.min[i]!)}, max ${formatExact(group.max[i]!)}, ${n} ${n === 1 ? "run" : "runs"})`;
  readout.setAttribute("data-group", group.value ?? "");
}

/** A palette colour (`#rrggbb` or `hsl(...)`) with an alpha, for bands drawn under the lines. */
export function translucent(color: string, alpha: number): string {
  if (color.startsWith("#") && color.length === 7) return `${color}${Math.round(alpha * 255).toString(16).padStart(2, "0")}`;
  if (color.startsWith("hsl(")) return `hsla(${color.slice(4, -1)}, ${alpha})`;
  return color;
}
