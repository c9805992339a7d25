/**
 * A run page's chart of one metric (uPlot, on canvas). It draws what the builder embedded (the whole
 * history, or its M4 reduction for a long one) and, for a zoomed range, the full-resolution points of that
 * range from the history chunks. Drag over the chart to zoom, double-click to reset; hover shows the exact
 * point under the pointer (step, value, time). Smoothing (EMA) and a log scale are per chart.
 *
 * What it draws is also in the markup, for people and tests alike: the figure's data attributes (`data-drawn`,
 * `data-buckets`, `data-bucket-min/max`, `data-represents`, `data-zoom`, `data-state`), the caption (which
 * says when the line is downsampled, and from how many points), the readout, and a values table of the
 * drawn points, built when opened. NaN and ±Infinity are not lines: they break the line and are marked with
 * a triangle on the top (NaN, +Infinity) or bottom (-Infinity) edge.
 */
import type uPlot from "uplot";
import { uPlot as loadUPlot } from "./uplot-lazy.js";
import { formatExact, formatUtc } from "../../report/format.js";
import type { ChartSeries } from "../../report/page-data.js";
import { h, replaceChildren } from "../dom.js";
import { MAX_SMOOTHING, XAxis, type ChartView } from "./chart-hash.js";
import { detailDrawn, overviewDrawn, type Drawn } from "./detail.js";
import { smooth } from "./smooth.js";
import { unpack } from "./unpack.js";
import { CHART_HEIGHT, axes, followWidth, themeColors, widthOf, xScale, xText } from "./uplot-base.js";
import { valuesTable } from "./values-table.js";

export interface MetricChartHost {
  /** Origin of the relative-time axis (the run's start). */
  readonly runStart: number;
  view(): ChartView;
  /** The reader zoomed (a range in the axis' units) or reset (null): every chart follows. */
  zoomTo(range: readonly [number, number] | null): void;
  setSmoothing(key: string, weight: number): void;
  setLog(key: string, on: boolean): void;
}

export interface MetricChart {
  readonly element: HTMLElement;
  /** Draws for the host's current view; resolves once drawn. */
  render(): Promise<void>;
}

const count = (n: number): string => n.toLocaleString("en-US");

export function metricChart(key: string, series: ChartSeries, index: number, host: MetricChartHost): MetricChart {
  const overview = unpack(series.points);
  const id = `runtree-chart-${index}`;
  const plot = h("div", { class: "chart-plot" });
  const readout = h("p", { class: "readout", "aria-live": "polite" });
  const caption = h("figcaption", {});
  const slider = h("input", { type: "range", id: `${id}-smooth`, min: 0, max: MAX_SMOOTHING, step: 0.01, value: 0, class: "smoothing" });
  const sliderText = h("output", { for: `${id}-smooth` }, "0");
  const log = h("input", { type: "checkbox", id: `${id}-log`, class: "log-scale" });
  const values = h("details", { class: "chart-values" }, h("summary", {}, "Values"));
  const element = h(
    "figure",
    { class: "metric-chart", "data-metric": key, "data-count": series.count, "data-state": "loading" },
    h(
      "div",
      { class: "chart-controls" },
      h("label", { for: `${id}-smooth` }, "Smoothing "),
      slider,
      sliderText,
      h("label", { class: "log-toggle" }, log, " log scale"),
    ),
    plot,
    readout,
    caption,
    values,
  );
  slider.addEventListener("input", () => {
    sliderText.textContent = slider.value;
  });
  slider.addEventListener("change", () => host.setSmoothing(key, Number(slider.value)));
  log.addEventListener("change", () => host.setLog(key, log.checked));

  let chart: uPlot | null = null;
  let drawn: Drawn = overviewDrawn(series, overview);
  let generation = 0;
  followWidth(plot, () => chart);
  values.addEventListener("toggle", () => {
    if (values.open) fillValues();
  });

  function fillValues(): void {
    const note =
      drawn.buckets > 0
        ? `The ${count(drawn.x.length)} points drawn (downsampled from ${count(drawn.represents)}); drag over a shorter range to list every point.`
        : `Every point of ${drawn.full && host.view().zoom ? "the zoomed range" : "the history"} (${count(drawn.x.length)}).`;
    replaceChildren(values, h("summary", {}, "Values"), valuesTable(drawn, series.mode, note));
  }

  async function render(): Promise<void> {
    const mine = ++generation;
    const view = host.view();
    element.setAttribute("data-state", "loading");
    const byTime = view.axis !== XAxis.Step;
    const offset = view.axis === XAxis.Relative ? host.runStart : 0;
    let next: Drawn;
    try {
      next = view.zoom
        ? await detailDrawn(series, overview, { from: view.zoom[0] + offset, to: view.zoom[1] + offset, byTime })
        : overviewDrawn(series, overview);
    } catch (error) {
      if (mine !== generation) return;
      element.setAttribute("data-state", "error");
      readout.textContent = `The full history could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    if (mine !== generation) return; // a newer view won
    drawn = next;
    const weight = view.smoothing.get(key) ?? 0;
    const logScale = view.log.has(key);
    slider.value = String(weight);
    sliderText.textContent = String(weight);
    log.checked = logScale;
    draw(view.axis, weight, logScale, offset);
    describe(view, weight, logScale);
    if (values.open) fillValues();
    element.setAttribute("data-state", "ready");
  }

  function draw(axis: XAxis, weight: number, logScale: boolean, offset: number): void {
    const xs = Array.from(axis === XAxis.Step ? drawn.x : drawn.t, (v) => v - offset);
    const visible = (v: number) => (Number.isFinite(v) && (!logScale || v > 0) ? v : null);
    const raw = Array.from(drawn.y, visible);
    const smoothed = weight > 0 ? Array.from(smooth(drawn.y, weight), visible) : null;
    const colors = themeColors();
    const lines: uPlot.Series[] = [
      { label: axis },
      { label: key, stroke: smoothed ? colors.faint : colors.line, width: smoothed ? 1 : 1.5, points: { show: false } },
    ];
    if (smoothed) lines.push({ label: `${key} (smoothed)`, stroke: colors.line, width: 1.5, points: { show: false } });
    const data = (smoothed ? [xs, raw, smoothed] : [xs, raw]) as uPlot.AlignedData;
    chart?.destroy();
    chart = new (loadUPlot())(
      {
        width: widthOf(plot),
        height: CHART_HEIGHT,
        legend: { show: false },
        series: lines,
        scales: { x: xScale(), y: logScale ? { distr: 3 } : {} },
        axes: axes(axis, colors),
        cursor: {
          drag: { x: true, y: false, setScale: false },
          dataIdx: (_u, _series, closest) => closest,
          bind: { dblclick: () => () => (host.zoomTo(null), null) },
        },
        hooks: {
          setSelect: [(u) => zoomFrom(u, axis)],
          setCursor: [(u) => showPoint(u.cursor.idx ?? null, axis, smoothed)],
          draw: [(u) => markNonFinite(u, colors.warn)],
        },
      },
      data,
      plot,
    );
  }

  function zoomFrom(u: uPlot, axis: XAxis): void {
    const { left, width } = u.select;
    if (width < 3) return;
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    const from = u.posToVal(left, "x");
    const to = u.posToVal(left + width, "x");
    const whole = axis === XAxis.Step;
    host.zoomTo(whole ? [Math.floor(from), Math.ceil(to)] : [Math.round(from), Math.round(to)]);
  }

  function showPoint(index: number | null, axis: XAxis, smoothed: ReadonlyArray<number | null> | null): void {
    if (index === null || index < 0 || index >= drawn.x.length) {
      readout.textContent = "";
      for (const name of ["data-x", "data-value", "data-time"]) readout.removeAttribute(name);
      return;
    }
    const x = drawn.x[index]!;
    const value = drawn.y[index]!;
    const time = drawn.t[index]!;
    const where = series.mode === "point" ? `point ${count(x)}` : `step ${count(x)}`;
    const shown = smoothed && smoothed[index] !== null ? ` (smoothed ${formatExact(smoothed[index] ?? NaN)})` : "";
    const clock = axis === XAxis.Relative ? ` (+${xText(axis, time - host.runStart)})` : "";
    readout.textContent = `${where} · ${key} ${formatExact(value)}${shown} · ${formatUtc(time)}${clock}`;
    readout.setAttribute("data-x", String(x));
    readout.setAttribute("data-value", String(value));
    readout.setAttribute("data-time", String(time));
  }

  /** Triangles on the top edge for NaN and +Infinity, on the bottom edge for -Infinity. */
  function markNonFinite(u: uPlot, color: string): void {
    const xs = u.data[0];
    const ctx = u.ctx;
    const size = 4 * devicePixelRatio;
    const { top, height } = u.bbox;
    ctx.save();
    ctx.fillStyle = color;
    for (let i = 0; i < drawn.y.length; i++) {
      const value = drawn.y[i]!;
      if (Number.isFinite(value)) continue;
      const px = u.valToPos(xs[i] ?? NaN, "x", true);
      const edge = value === -Infinity ? top + height : top;
      const tip = value === -Infinity ? edge - 2 * size : edge + 2 * size;
      ctx.beginPath();
      ctx.moveTo(px - size, edge);
      ctx.lineTo(px + size, edge);
      ctx.lineTo(px, tip);
      ctx.closePath();
      ctx.fill();
    }
    ctx.restore();
  }

  function describe(view: ChartView, weight: number, logScale: boolean): void {
    element.setAttribute("data-drawn", String(drawn.x.length));
    element.setAttribute("data-buckets", String(drawn.buckets));
    element.setAttribute("data-bucket-min", String(drawn.bucketMin));
    element.setAttribute("data-bucket-max", String(drawn.bucketMax));
    element.setAttribute("data-represents", String(drawn.represents));
    element.setAttribute("data-detail", drawn.full ? "full" : "overview");
    element.setAttribute("data-smoothing", String(weight));
    element.setAttribute("data-log", String(logScale));
    if (view.zoom) element.setAttribute("data-zoom", `${view.zoom[0]}~${view.zoom[1]}`);
    else element.removeAttribute("data-zoom");
    const unit = series.mode === "point" ? "points in logging order" : "steps";
    const span = view.zoom
      ? ` · zoomed to ${unit} ${xText(view.axis, view.zoom[0])}–${xText(view.axis, view.zoom[1])} (double-click to reset)`
      : "";
    const sampled =
      drawn.buckets > 0
        ? h(
            "span",
            { class: "downsampled" },
            ` · downsampled: ${count(drawn.x.length)} of ${count(drawn.represents)} points drawn (first, last, min and max of each of ${count(drawn.buckets)} buckets); drag to zoom for every point`,
          )
        : null;
    const bad = [
      [series.nan, "NaN"],
      [series.posInf, "+Infinity"],
      [series.negInf, "-Infinity"],
    ].filter(([n]) => (n as number) > 0);
    const marked =
      bad.length > 0
        ? h("span", { class: "chart-note nonfinite" }, ` · ${bad.map(([n, what]) => `${count(n as number)} ${what}`).join(", ")} (marked ▲ on the edge, not drawn as values)`)
        : null;
    const smoothing = weight > 0 ? ` · smoothed (EMA ${weight})` : "";
    replaceChildren(caption, h("code", {}, key), ` · ${count(series.count)} points`, span, sampled, marked, smoothing, logScale ? " · log scale" : "");
  }

  return { element, render };
}
