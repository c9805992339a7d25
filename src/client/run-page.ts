/**
 * Enhances a run page: a chart per metric with more than one point, and the sweep view and the selection
 * of children to compare when the run has children. The server already rendered the tables, so a missing container simply means nothing to add.
 */
import type { RunPageData } from "../report/page-data.js";
import { mountRunCharts } from "./run-charts.js";
import { mountSweep } from "./sweep/sweep-view.js";
import { mountChildrenSelection } from "./select/children-selection.js";

export function mountRunPage(data: RunPageData): void {
  const charts = document.getElementById("runtree-charts");
  if (charts) mountRunCharts(charts, data.run, data.charts);
  const sweep = document.getElementById("runtree-sweep");
  if (sweep && data.sweep) mountSweep(sweep, data.sweep);
  const children = document.getElementById("runtree-children");
  if (children) mountChildrenSelection(children);
}
