/**
 * The compared runs' step curves: one chart per metric that some run logged more than once, every run
 * that has it overlaid in its own colour (the same in every chart), under one legend. The curves are the
 * ones the builder reduced for a sweep's overlay (first, last, min and max of each of 250 buckets), read
 * from the runs' summaries: no history file is loaded.
 */
import type uPlot from "uplot";
import { own } from "../../format/dictionary.js";
import { compareKeys } from "../../format/stable-json.js";
import type { RunSummary } from "../../report/summary-data.js";
import { plotCurves } from "../charts/curve-plot.js";
import { unpack } from "../charts/unpack.js";
import { followWidth } from "../charts/uplot-base.js";
import { h } from "../dom.js";
import { runLabel } from "./compare-model.js";
import { runColor, swatch } from "./run-colors.js";

/** The legend: each run's colour and name, in column order. */
export function legend(runs: readonly RunSummary[]): HTMLElement {
  return h(
    "ul",
    { class: "compare-legend" },
    ...runs.map((run, i) => h("li", { "data-run-id": run.id }, swatch(i), h("a", { href: run.href }, runLabel(run)))),
  );
}

/** A chart per curve metric, or null when no run logged a metric more than once. */
export function compareCurves(runs: readonly RunSummary[]): HTMLElement | null {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run.curves)))].sort(compareKeys);
  if (keys.length === 0) return null;
  const grid = h("div", { class: "chart-grid" });
  for (const key of keys) grid.appendChild(curveFigure(runs, key));
  return h("div", { class: "compare-curves" }, legend(runs), grid);
}

function curveFigure(runs: readonly RunSummary[], key: string): HTMLElement {
  const curves = runs.flatMap((run, i) => {
    const curve = own(run.curves, key);
    if (curve === undefined) return [];
    const { x, y } = unpack(curve);
    return [{ id: run.id, name: runLabel(run), x, y, color: runColor(i), width: 1.6, downsampled: curve.count > curve.x.length }];
  });
  const slot = h("div", { class: "chart-plot" });
  const readout = h("p", { class: "readout", "aria-live": "polite" });
  const downsampled = curves.filter((c) => c.downsampled).length;
  const figure = h(
    "figure",
    { class: "compare-curve", "data-metric": key, "data-curves": curves.length },
    h("figcaption", {}, h("code", {}, key), ` · ${curves.length} of ${runs.length} runs`, downsampled > 0 ? h("span", { class: "downsampled" }, ` · ${downsampled} downsampled`) : null),
    slot,
    readout,
  );
  let chart: uPlot | null = null;
  followWidth(slot, () => chart);
  // Drawn once the figure is in the document, so the chart takes the width it is given.
  requestAnimationFrame(() => {
    chart = plotCurves(slot, key, curves, readout);
    figure.setAttribute("data-state", "ready");
  });
  return figure;
}
