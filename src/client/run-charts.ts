/**
 * The run page's charts: one per metric with more than one point, under a toolbar whose x axis (step,
 * wall time, time since the run started) and zoom apply to every chart, so the metrics of one moment line
 * up. The view lives in the URL hash (`chart-hash.ts`), next to the sweep view's parts.
 */
import { own } from "../format/dictionary.js";
import type { ClientRun, ChartSeries } from "../report/page-data.js";
import { h, replaceChildren } from "./dom.js";
import { CHART_HASH_NAMES, XAxis, decodeChartHash, encodeChartHash, type ChartView } from "./charts/chart-hash.js";
import { metricChart, type MetricChart } from "./charts/metric-chart.js";
import { updateHash } from "./url-hash.js";

export function mountRunCharts(container: HTMLElement, run: ClientRun, series: Readonly<Record<string, ChartSeries>>): void {
  // Own properties only: a metric named like an Object.prototype member is data (see format/dictionary.ts).
  const drawable = Object.keys(series)
    .sort()
    .flatMap((key) => {
      const one = own(series, key);
      return one && one.count > 1 ? [[key, one] as const] : [];
    });
  if (drawable.length === 0) return;
  const keys = drawable.map(([key]) => key);
  let view: ChartView = decodeChartHash(window.location.hash, keys);
  const save = () => updateHash(CHART_HASH_NAMES, encodeChartHash(view));
  const renderAll = () => Promise.all(charts.map((chart) => chart.render()));
  const change = (next: ChartView) => {
    view = next;
    save();
    return renderAll();
  };

  const axis = h("select", { id: "runtree-x-axis", class: "x-axis" });
  for (const [value, label] of [
    [XAxis.Step, "step"],
    [XAxis.Wall, "wall time (UTC)"],
    [XAxis.Relative, "time since the run started"],
  ] as const) {
    axis.appendChild(h("option", { value, selected: view.axis === value }, label));
  }
  const reset = h("button", { type: "button", class: "reset-zoom", disabled: view.zoom === null }, "Reset zoom");
  axis.addEventListener("change", () => {
    const next = axis.value === XAxis.Wall || axis.value === XAxis.Relative ? axis.value : XAxis.Step;
    // A zoom is a range in the old axis' units: it does not carry over.
    void change({ ...view, axis: next, zoom: null }).then(() => (reset.disabled = true));
  });
  reset.addEventListener("click", () => void change({ ...view, zoom: null }).then(() => (reset.disabled = true)));

  const host = {
    runStart: run.startTime,
    view: () => view,
    zoomTo(range: readonly [number, number] | null) {
      reset.disabled = range === null;
      void change({ ...view, zoom: range });
    },
    setSmoothing(key: string, weight: number) {
      const smoothing = new Map(view.smoothing);
      if (weight > 0) smoothing.set(key, weight);
      else smoothing.delete(key);
      void change({ ...view, smoothing });
    },
    setLog(key: string, on: boolean) {
      const log = new Set(view.log);
      if (on) log.add(key);
      else log.delete(key);
      void change({ ...view, log });
    },
  };
  const charts: MetricChart[] = drawable.map(([key, one], index) => metricChart(key, one, index, host));
  const toolbar = h(
    "div",
    { class: "chart-toolbar chart-controls" },
    h("label", { for: "runtree-x-axis" }, "x axis "),
    axis,
    reset,
    h("span", { class: "hint" }, "Drag over a chart to zoom; double-click to reset."),
  );
  replaceChildren(container, toolbar, h("div", { class: "chart-grid" }, ...charts.map((chart) => chart.element)));
  container.classList.add("enhanced");
  void renderAll();
}
