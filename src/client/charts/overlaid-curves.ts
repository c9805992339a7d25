/**
 * Every child's history of one metric on one chart (uPlot, canvas), the best child highlighted; a `<select>`
 * switches the metric (the caller picks the first one: a shared link's, else the objective). Each metric's
 * curves are a file beside the page, loaded when shown, with every child reduced by the builder to the same
 * M4 buckets (fewer the more children: report/overlay-budget.ts), so 200 children of 20,000 steps draw as
 * quickly as 200 short ones; the caption says how many points are drawn for how many logged. Hover names
 * the nearest child's curve and its point. A second `<select>` groups the curves by a param: one line per
 * value, the mean with a min–max band and the count (curve-groups.ts, group-plot.ts).
 */
import type uPlot from "uplot";
import { own } from "../../format/dictionary.js";
import type { CurvesFile, SweepData } from "../../report/page-data.js";
import { h, replaceChildren } from "../dom.js";
import { formatCount } from "../../report/format.js";
import { loadChunk } from "./chunk-loader.js";
import { groupCurves } from "./curve-groups.js";
import { plotCurves } from "./curve-plot.js";
import { groupLegend, plotGroups } from "./group-plot.js";
import { followWidth, themeColors } from "./uplot-base.js";
import { unpack } from "./unpack.js";

export interface CurvesOptions {
  /** The metric to show first (the hash's choice, else the objective); ignored when no child logged it. */
  readonly metric: string | null;
  /** The child to highlight. */
  readonly bestId: string | null;
  /** Told about every switch of metric (the sweep view records it in the URL). */
  readonly onMetric?: (key: string) => void;
  /** The param to group the curves by (the hash's choice), or null for every child's own curve. */
  readonly group?: string | null;
  /** Told about every change of grouping. */
  readonly onGroup?: (param: string | null) => void;
}

interface Curve {
  readonly id: string;
  readonly name: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly best: boolean;
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
  const groupSelect = h("select", { id: `${uid}-group`, class: "metric-select" }, h("option", { value: "" }, "each child"));
  for (const key of sweep.paramKeys) groupSelect.appendChild(h("option", { value: key, selected: key === options.group }, key));
  const params = new Map(sweep.children.map((c) => [c.id, c.params]));
  const slot = h("div", { class: "curves-slot chart-plot" });
  const legend = h("div", { class: "legend-slot" });
  const readout = h("p", { class: "readout", "aria-live": "polite" });
  const caption = h("figcaption", {}, "Children's curves overlaid; the best child is highlighted.");
  const figure = h(
    "figure",
    { class: "overlaid-curves", "data-state": "loading" },
    h(
      "div",
      { class: "chart-controls" },
      h("label", { for: `${uid}-metric` }, "Metric "),
      select,
      sweep.paramKeys.length > 0 && h("label", { for: groupSelect.id }, " grouped by "),
      sweep.paramKeys.length > 0 && groupSelect,
    ),
    slot,
    readout,
    legend,
    caption,
  );
  let chart: uPlot | null = null;
  /** The curves on show, kept for a change of grouping. */
  let loaded: { key: string; curves: readonly Curve[] } | null = null;
  let generation = 0;
  followWidth(slot, () => chart);

  async function show(key: string): Promise<void> {
    const mine = ++generation;
    figure.setAttribute("data-state", "loading");
    const src = own(sweep.curves, key);
    let file: CurvesFile;
    try {
      file = (await loadChunk(src ?? "")) as CurvesFile;
    } catch (error) {
      if (mine !== generation) return;
      figure.setAttribute("data-state", "error");
      replaceChildren(slot, h("p", { class: "chart-empty" }, `The curves of ${key} could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (mine !== generation) return;
    const curves: Curve[] = Object.entries(file.children)
      .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
      .map(([id, curve]) => ({ id, name: names.get(id) ?? id, ...unpack(curve), best: id === options.bestId }))
      // The highlighted curve last, so it is drawn on top.
      .sort((a, b) => Number(a.best) - Number(b.best));
    loaded = { key, curves };
    draw(key, curves);
    const downsampled = Object.values(file.children).filter((c) => c.count > c.x.length).length;
    const drawn = curves.reduce((sum, c) => sum + c.x.length, 0);
    const logged = Object.values(file.children).reduce((sum, c) => sum + c.count, 0);
    const best = curves.find((c) => c.best);
    replaceChildren(
      caption,
      `Children's curves of `,
      h("code", {}, key),
      ` overlaid (${curves.length})`,
      // Grouped, no single child is highlighted: the stylesheet hides this part then.
      best ? h("span", { class: "best-note" }, `; the best child, ${best.name}, is highlighted`) : null,
      ".",
      downsampled > 0
        ? h(
            "span",
            { class: "downsampled" },
            ` ${downsampled} downsampled: first, last, min and max of each of ${file.buckets} buckets (${formatCount(drawn)} points drawn for ${formatCount(logged)} logged).`,
          )
        : null,
    );
    figure.setAttribute("data-metric", key);
    figure.setAttribute("data-curves", String(curves.length));
    figure.setAttribute("data-highlight", best?.id ?? "");
    figure.setAttribute("data-downsampled", String(downsampled));
    figure.setAttribute("data-buckets", String(file.buckets));
    figure.setAttribute("data-points", String(drawn));
    figure.setAttribute("data-logged", String(logged));
    figure.setAttribute("data-state", "ready");
  }

  function draw(key: string, curves: readonly Curve[]): void {
    const colors = themeColors();
    chart?.destroy();
    replaceChildren(slot);
    replaceChildren(legend);
    readout.textContent = "";
    const param = groupSelect.value;
    if (param !== "") {
      const grouped = groupCurves(curves.map((c) => ({ ...c, value: own(params.get(c.id) ?? {}, param) })));
      chart = plotGroups(slot, key, param, grouped, readout);
      const note = h("p", { class: "group-note" }, `Grouped by ${param}: each line is the mean of its children's curves at each step, the band spans their min to max.`);
      replaceChildren(legend, groupLegend(param, grouped), note);
      figure.setAttribute("data-group-by", param);
      figure.setAttribute("data-groups", String(grouped.groups.length));
      return;
    }
    figure.removeAttribute("data-group-by");
    figure.removeAttribute("data-groups");
    const plotted = curves.map((c) => ({ ...c, color: c.best ? colors.best : colors.faint, width: c.best ? 2.4 : 1 }));
    chart = plotCurves(slot, key, plotted, readout);
  }

  groupSelect.addEventListener("change", () => {
    if (loaded) draw(loaded.key, loaded.curves);
    options.onGroup?.(groupSelect.value === "" ? null : groupSelect.value);
  });

  select.addEventListener("change", () => {
    void show(select.value);
    options.onMetric?.(select.value);
  });
  void show(initial);
  return figure;
}
