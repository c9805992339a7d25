/**
 * Many curves of one metric on one uPlot chart (canvas), each with its own colour and width, and hover
 * that names the curve whose point is nearest the pointer. A sweep's overlay (children's curves) and the
 * compare page (one chart per metric, one colour per run) draw with it.
 */
import type uPlot from "uplot";
import { uPlot as loadUPlot } from "./uplot-lazy.js";
import { formatExact, formatNumber } from "../../report/format.js";
import { XAxis } from "./chart-hash.js";
import { CHART_HEIGHT, axes, themeColors, widthOf, xScale } from "./uplot-base.js";

export interface PlotCurve {
  readonly id: string;
  readonly name: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly color: string;
  readonly width: number;
}

/** How near (CSS pixels) the pointer must be to a curve's point for hover to name it. */
const HOVER_PX = 24;

/**
 * Draws `curves` (later ones on top) into `slot`; `readout` says which curve and point is under the
 * pointer, and carries that curve's id as `data-run-id`.
 */
export function plotCurves(slot: HTMLElement, key: string, curves: readonly PlotCurve[], readout: HTMLElement): uPlot {
  const colors = themeColors();
  // uPlot draws typed arrays as they are; only a curve with NaN or ±Infinity needs a copy, with gaps (null).
  const visible = (y: Float64Array) => (y.every(Number.isFinite) ? y : Array.from(y, (v) => (Number.isFinite(v) ? v : null)));
  const data = [null, ...curves.map((c) => [c.x, visible(c.y)])] as unknown as uPlot.AlignedData;
  const linear = loadUPlot().paths.linear?.();
  return new (loadUPlot())(
    {
      width: widthOf(slot),
      height: CHART_HEIGHT,
      mode: 2,
      legend: { show: false },
      scales: { x: xScale() },
      axes: axes(XAxis.Step, colors),
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      series: [{}, ...curves.map((c) => ({ label: c.name, stroke: c.color, width: c.width, ...(linear && { paths: linear }), points: { show: false } }))],
      hooks: { setCursor: [(u) => hover(u, key, curves, readout)] },
    },
    data,
    slot,
  );
}

/** The point nearest the pointer over every curve (a later curve wins a tie). */
function hover(u: uPlot, key: string, curves: readonly PlotCurve[], readout: HTMLElement): void {
  const { left, top } = u.cursor;
  if (left === undefined || top === undefined || left < 0) {
    readout.textContent = "";
    readout.removeAttribute("data-run-id");
    return;
  }
  let best: { curve: PlotCurve; i: number; d: number } | null = null;
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
