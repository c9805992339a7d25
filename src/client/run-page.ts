/**
 * Enhances a run page: a line chart per metric with more than one point, and the sweep view when the run
 * has children. The server already rendered the tables, so a missing container simply means nothing to add.
 */
import { own } from "../format/dictionary.js";
import type { RunPageData } from "../report/page-data.js";
import { metricChart } from "./charts/line-chart.js";
import { replaceChildren } from "./dom.js";
import { mountSweep } from "./sweep/sweep-view.js";

export function mountRunPage(data: RunPageData): void {
  const charts = document.getElementById("runtree-charts");
  if (charts) {
    const figures = Object.keys(data.history)
      .sort()
      .map((key) => {
        const series = own(data.history, key);
        return series ? metricChart(key, series) : null;
      })
      .filter((figure): figure is HTMLElement => figure !== null);
    replaceChildren(charts, ...figures);
    charts.classList.add("chart-grid", "enhanced");
  }
  const sweep = document.getElementById("runtree-sweep");
  if (sweep && data.sweep) mountSweep(sweep, data.sweep);
}
