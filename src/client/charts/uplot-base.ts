/**
 * What every uPlot chart of the report shares: colours from the stylesheet's custom properties (a canvas
 * cannot use CSS variables, so they are read once per chart), axes in the report's number and time
 * formats, and a width that follows the chart's container. uPlot sets its own styles through the CSSOM
 * only (no style attributes in markup, no <style> elements), which the pages' CSP allows.
 */
import type uPlot from "uplot";
import { formatDuration, formatNumber, formatUtcShort } from "../../report/format.js";
import { XAxis } from "./chart-hash.js";
import { pageSignal } from "../page-life.js";

export const CHART_HEIGHT = 240;

/** A colour of the stylesheet, e.g. `cssColor("--accent", "#2458c6")`. */
export function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === "" ? fallback : value;
}

export function themeColors() {
  return {
    line: cssColor("--accent", "#2458c6"),
    faint: cssColor("--faint", "#8a93a3"),
    best: cssColor("--best", "#d9480f"),
    grid: cssColor("--line", "#dfe3ea"),
    text: cssColor("--muted", "#5d6678"),
    warn: cssColor("--fail", "#c92a2a"),
  };
}

/** How an x value reads on the axis and in the readout. */
export function xText(axis: XAxis, value: number): string {
  if (axis === XAxis.Wall) return formatUtcShort(value);
  if (axis === XAxis.Relative) return value === 0 ? "0s" : formatDuration(value);
  return formatNumber(value);
}

/** Short tick labels for the x axis (wall time: the time of day, and the date when the span is long). */
function xTicks(axis: XAxis, ticks: number[]): string[] {
  if (axis !== XAxis.Wall) return ticks.map((t) => xText(axis, t));
  const span = (ticks[ticks.length - 1] ?? 0) - (ticks[0] ?? 0);
  return ticks.map((t) => {
    const iso = new Date(t).toISOString();
    return span > 2 * 86_400_000 ? iso.slice(5, 10) : span > 3_600_000 ? iso.slice(11, 16) : iso.slice(11, 19);
  });
}

export function axes(axis: XAxis, colors: ReturnType<typeof themeColors>): uPlot.Axis[] {
  const common = { stroke: colors.text, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 } };
  return [
    { ...common, values: (_u, ticks) => xTicks(axis, ticks), space: 70 },
    // A log axis leaves some ticks unlabelled (null).
    { ...common, values: (_u, ticks) => ticks.map((t) => (t === null || t === undefined ? "" : formatNumber(t))), size: 72 },
  ];
}

/** The x scale: numbers, never uPlot's own time handling (we format times ourselves, in UTC). */
export function xScale(): uPlot.Scale {
  return { time: false };
}

/** The chart's width for its host: the host's width, or a sensible default before layout. */
export function widthOf(host: HTMLElement): number {
  return Math.max(240, Math.floor(host.clientWidth || 560));
}

/** Keeps a chart as wide as its host when the window changes size. */
export function followWidth(host: HTMLElement, chart: () => uPlot | null): void {
  let pending = 0;
  window.addEventListener(
    "resize",
    () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => chart()?.setSize({ width: widthOf(host), height: CHART_HEIGHT }));
    },
    { signal: pageSignal() },
  );
}
