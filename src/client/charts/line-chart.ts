/**
 * The run page's chart of one metric against its step. Only metrics with more than one point get one: a
 * single value is already in the metrics table.
 */
import { h } from "../dom.js";
import type { Series } from "../../report/page-data.js";
import { drawSeriesChart } from "./series-chart.js";
import { historyPoints } from "./series-points.js";

/** A `<figure>` with the chart and a caption; null for a history with fewer than two points. */
export function metricChart(key: string, series: Series): HTMLElement | null {
  if (series.values.length < 2) return null;
  const { points, xLabel, nonFinite } = historyPoints(series);
  const svg = drawSeriesChart({
    title: `${key} by ${xLabel}`,
    xLabel,
    yLabel: key,
    series: [{ id: key, label: key, points }],
    labelSeries: false,
  });
  const note =
    nonFinite > 0 ? h("span", { class: "chart-note" }, ` · ${nonFinite} NaN/infinite point${nonFinite === 1 ? "" : "s"} not drawn`) : null;
  return h(
    "figure",
    { class: "metric-chart", "data-metric": key },
    svg ?? h("p", { class: "chart-empty" }, "No finite values to draw."),
    h("figcaption", {}, h("code", {}, key), ` · ${series.values.length.toLocaleString("en-US")} points`, note),
  );
}
