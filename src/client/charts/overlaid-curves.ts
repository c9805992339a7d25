/**
 * Every child's history of one metric on one chart, the best child highlighted; a `<select>` switches the
 * metric (the caller picks the first one: a shared link's, else the objective). Hover names the nearest child's curve.
 */
import { own } from "../../format/dictionary.js";
import { h, replaceChildren } from "../dom.js";
import type { Series, SweepData } from "../../report/page-data.js";
import { drawSeriesChart, type LineSeries } from "./series-chart.js";
import { historyPoints } from "./series-points.js";

export interface CurvesOptions {
  /** The metric to show first (the hash's choice, else the objective); ignored when no child logged it. */
  readonly metric: string | null;
  /** The child to highlight. */
  readonly bestId: string | null;
  /** Told about every switch of metric (the sweep view records it in the URL). */
  readonly onMetric?: (key: string) => void;
}

export function overlaidCurves(sweep: SweepData, uid: string, options: CurvesOptions): HTMLElement | null {
  const keys = Object.keys(sweep.curves).sort();
  if (keys.length === 0) return null;
  const wanted = options.metric;
  const initial = wanted !== null && keys.includes(wanted) ? wanted : keys[0] ?? "";
  const names = new Map(sweep.children.map((c) => [c.id, c.name === "" ? c.id : c.name]));
  const order = new Map(sweep.children.map((c, i) => [c.id, i]));

  const select = h("select", { id: `${uid}-metric`, class: "metric-select" });
  for (const key of keys) select.appendChild(h("option", { value: key, selected: key === initial }, key));
  const slot = h("div", { class: "curves-slot" });

  function draw(key: string): void {
    const perChild = own(sweep.curves, key) ?? {};
    const series: LineSeries[] = Object.entries(perChild)
      .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
      .map(([id, history]: [string, Series]) => ({
        id,
        label: names.get(id) ?? id,
        points: historyPoints(history).points,
        highlight: id === options.bestId,
      }));
    const svg = drawSeriesChart({ title: `${key} of every child, by step`, xLabel: "step", yLabel: key, series, labelSeries: true });
    replaceChildren(slot, svg ?? h("p", { class: "chart-empty" }, `No finite values of ${key} to draw.`));
  }
  select.addEventListener("change", () => {
    draw(select.value);
    options.onMetric?.(select.value);
  });
  draw(initial);

  return h(
    "figure",
    { class: "overlaid-curves" },
    h("div", { class: "chart-controls" }, h("label", { for: `${uid}-metric` }, "Metric "), select),
    slot,
    h("figcaption", {}, "Children's curves overlaid; the best child is highlighted."),
  );
}
