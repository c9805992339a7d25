/**
 * Every child's history of one metric on one chart (uPlot, canvas), the best child highlighted; a `<select>`
 * switches the metric (the caller picks the first one: a shared link's, else the objective). Each metric's
 * curves are a file beside the page, loaded when shown, with every child reduced by the builder to the same
 * M4 buckets, so 200 children of 20,000 steps draw as quickly as 200 short ones. Hover names the nearest
 * child's curve and its point.
 */
import uPlot from "uplot";
import { own } from "../../format/dictionary.js";
import { formatExact, formatNumber } from "../../report/format.js";
import type { CurvesFile, SweepData } from "../../report/page-data.js";
import { h, replaceChildren } from "../dom.js";
import { loadChunk } from "./chunk-loader.js";
import { XAxis } from "./chart-hash.js";
import { CHART_HEIGHT, axes, followWidth, themeColors, widthOf, xScale } from "./uplot-base.js";
import { unpack } from "./unpack.js";

export interface CurvesOptions {
  /** The metric to show first (the hash's choice, else the objective); ignored when no child logged it. */
  readonly metric: string | null;
  /** The child to highlight. */
  readonly bestId: string | null;
  /** Told about every switch of metric (the sweep view records it in the URL). */
  readonly onMetric?: (key: string) => void;
}

interface Curve {
  readonly id: string;
  readonly name: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly best: boolean;
}

/** How near (CSS pixels) the pointer must be to a curve's point for hover to name it. */
const HOVER_PX = 24;

export function overlaidCurves(sweep: SweepData, uid: string, options: CurvesOptions): HTMLElement | null {
  const keys = Object.keys(sweep.curves).sort();
  if (keys.length === 0) return null;
  const wanted = options.metric;
  const initial = wanted !== null && keys.includes(wanted) ? wanted : keys[0] ?? "";
  const names = new Map(sweep.children.map((c) => [c.id, c.name === "" ? c.id : c.name]));
  const order = new Map(sweep.children.map((c, i) => [c.id, i]));

  const select = h("select", { id: `${uid}-metric`, class: "metric-select" });
  for (const key of keys) select.appendChild(h("option", { value: key, selected: key === initial }, key));
  const slot = h("div", { class: "curves-slot chart-plot" });
  const readout = h("p", { class: "readout", "aria-live": "polite" });
  const caption = h("figcaption", {}, "Children's curves overlaid; the best child is highlighted.");
  const figure = h(
    "figure",
    { class: "overlaid-curves", "data-state": "loading" },
    h("div", { class: "chart-controls" }, h("label", { for: `${uid}-metric` }, "Metric "), select),
    slot,
    readout,
    caption,
  );
  let chart: uPlot | null = null;
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
    draw(key, curves);
    const downsampled = Object.values(file.children).filter((c) => c.count > c.x.length).length;
    const best = curves.find((c) => c.best);
    replaceChildren(
      caption,
      `Children's curves of `,
      h("code", {}, key),
      ` overlaid (${curves.length})`,
      best ? `; the best child, ${best.name}, is highlighted.` : ".",
      downsampled > 0 ? h("span", { class: "downsampled" }, ` ${downsampled} downsampled: first, last, min and max of each of ${file.buckets} buckets.`) : null,
    );
    figure.setAttribute("data-metric", key);
    figure.setAttribute("data-curves", String(curves.length));
    figure.setAttribute("data-highlight", best?.id ?? "");
    figure.setAttribute("data-downsampled", String(downsampled));
    figure.setAttribute("data-state", "ready");
  }

  function draw(key: string, curves: readonly Curve[]): void {
    const colors = themeColors();
    // uPlot draws typed arrays as they are; only a curve with NaN or ±Infinity needs a copy, with gaps (null).
    const visible = (y: Float64Array) => (y.every(Number.isFinite) ? y : Array.from(y, (v) => (Number.isFinite(v) ? v : null)));
    const data = [null, ...curves.map((c) => [c.x, visible(c.y)])] as unknown as uPlot.AlignedData;
    chart?.destroy();
    replaceChildren(slot);
    const linear = uPlot.paths.linear?.();
    chart = new uPlot(
      {
        width: widthOf(slot),
        height: CHART_HEIGHT,
        mode: 2,
        legend: { show: false },
        scales: { x: xScale() },
        axes: axes(XAxis.Step, colors),
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        series: [
          {},
          ...curves.map((c) => ({
            label: c.name,
            stroke: c.best ? colors.best : colors.faint,
            width: c.best ? 2.4 : 1,
            ...(linear && { paths: linear }),
            points: { show: false },
          })),
        ],
        hooks: { setCursor: [(u) => hover(u, key, curves)] },
      },
      data,
      slot,
    );
  }

  /** The point nearest the pointer over every curve (the highlighted one wins a tie). */
  function hover(u: uPlot, key: string, curves: readonly Curve[]): void {
    const { left, top } = u.cursor;
    if (left === undefined || top === undefined || left < 0) {
      readout.textContent = "";
      return;
    }
    let best: { curve: Curve; i: number; d: number } | null = null;
    for (const curve of curves) {
      for (let i = 0; i < curve.x.length; i++) {
        const value = curve.y[i]!;
        if (!Number.isFinite(value)) continue;
        const dx = u.valToPos(curve.x[i]!, "x") - left;
        if (Math.abs(dx) > HOVER_PX) continue;
        const d = Math.hypot(dx, u.valToPos(value, "y") - top);
        if (d <= HOVER_PX && (best === null || d <= best.d)) best = { curve, i, d };
      }
    }
    readout.textContent = best ? `${best.curve.name} · step ${formatNumber(best.curve.x[best.i]!)}: ${key} ${formatExact(best.curve.y[best.i]!)}` : "";
    if (best) readout.setAttribute("data-run-id", best.curve.id);
    else readout.removeAttribute("data-run-id");
  }

  select.addEventListener("change", () => {
    void show(select.value);
    options.onMetric?.(select.value);
  });
  void show(initial);
  return figure;
}
