/**
 * A scatter of any two columns across the compared runs: each axis is a param or a metric's last value,
 * chosen in a `<select>`; numbers go on a linear axis, anything else at discrete positions. Each run is
 * one point in its colour, named on hover, opening its page on click. A run without a value on either
 * axis is named under the chart rather than dropped silently.
 */
import { own } from "../../format/dictionary.js";
import { decodeNumber } from "../../format/metric-value.js";
import type { ParamValue } from "../../format/records.js";
import { formatExact } from "../../report/format.js";
import type { RunSummary } from "../../report/summary-data.js";
import { createFrame, round } from "../charts/frame.js";
import { finiteExtent } from "../charts/scale.js";
import { h, replaceChildren, s } from "../dom.js";
import { keysOf, runLabel } from "./compare-model.js";
import { runColor } from "./run-colors.js";

/** A column's value for a run: `params.<key>` or `metrics.<key>` (its last value). */
export function columnValue(run: RunSummary, column: string): ParamValue | undefined {
  if (column.startsWith("params.")) return own(run.params, column.slice("params.".length));
  if (column.startsWith("metrics.")) {
    const metric = own(run.metrics, column.slice("metrics.".length));
    return metric === undefined ? undefined : decodeNumber(metric.last);
  }
  return undefined;
}

/** Every column the scatter offers, params then metrics, and a default pair: a numeric param against the first metric. */
export function scatterColumns(runs: readonly RunSummary[]): { columns: string[]; x: string | null; y: string | null } {
  const params = keysOf(runs, "params").map((key) => `params.${key}`);
  const metrics = keysOf(runs, "metrics").map((key) => `metrics.${key}`);
  const columns = [...params, ...metrics];
  const numeric = (column: string) => runs.filter((run) => typeof columnValue(run, column) === "number").length >= 2;
  const x = params.find(numeric) ?? params[0] ?? metrics[0] ?? null;
  const y = metrics.find((column) => column !== x) ?? columns.find((column) => column !== x) ?? null;
  return { columns, x, y };
}

export interface ScatterOptions {
  readonly x: string | null;
  readonly y: string | null;
  /** Told of every change of axis (the page records it in the URL). */
  readonly onChange: (x: string, y: string) => void;
}

export function compareScatter(runs: readonly RunSummary[], options: ScatterOptions): HTMLElement | null {
  const offered = scatterColumns(runs);
  if (offered.columns.length < 2 || offered.x === null || offered.y === null) return null;
  const pick = (wanted: string | null, fallback: string) => (wanted !== null && offered.columns.includes(wanted) ? wanted : fallback);
  const select = (id: string, chosen: string) => {
    const element = h("select", { id, class: "metric-select" });
    for (const column of offered.columns) element.appendChild(h("option", { value: column, selected: column === chosen }, column));
    return element;
  };
  const xSelect = select("runtree-compare-x", pick(options.x, offered.x));
  const ySelect = select("runtree-compare-y", pick(options.y, offered.y));
  const plot = h("div", { class: "scatter-plot" });
  const note = h("p", { class: "chart-note" });
  const figure = h(
    "figure",
    { class: "compare-scatter" },
    h("div", { class: "chart-controls" }, h("label", { for: xSelect.id }, "x "), xSelect, h("label", { for: ySelect.id }, " y "), ySelect),
    plot,
    note,
  );
  const draw = () => {
    const x = xSelect.value;
    const y = ySelect.value;
    const points = runs.flatMap((run, i) => {
      const vx = columnValue(run, x);
      const vy = columnValue(run, y);
      return vx === undefined || vy === undefined || typeof vy !== "number" || !Number.isFinite(vy) ? [] : [{ run, i, vx, vy }];
    });
    const left = runs.filter((run) => !points.some((p) => p.run === run)).map(runLabel);
    figure.setAttribute("data-x", x);
    figure.setAttribute("data-y", y);
    figure.setAttribute("data-points", String(points.length));
    note.textContent = left.length === 0 ? "" : `Not plotted (no finite ${y} or no ${x}): ${left.join(", ")}`;
    const yExtent = finiteExtent(points.map((p) => p.vy));
    if (yExtent === null) {
      replaceChildren(plot, h("p", { class: "chart-empty" }, `No run has a numeric ${y}.`));
      return;
    }
    const numericX = points.every((p) => typeof p.vx === "number" && Number.isFinite(p.vx));
    const categories = [...new Set(points.map((p) => String(p.vx)))].sort();
    const xExtent = finiteExtent(points.map((p) => (typeof p.vx === "number" ? p.vx : NaN)));
    const frame = createFrame({
      title: `${y} against ${x}`,
      x: numericX && xExtent ? { kind: "linear", domain: xExtent, label: x, inset: 8 } : { kind: "point", domain: categories, label: x },
      y: { domain: yExtent, label: y },
      width: 560,
      height: 320,
    });
    for (const p of points) {
      const px = frame.x.kind === "linear" ? frame.x.map(Number(p.vx)) : frame.x.map(String(p.vx));
      const label = `${runLabel(p.run)} · ${x} = ${typeof p.vx === "number" ? formatExact(p.vx) : String(p.vx)} · ${y} = ${formatExact(p.vy)}`;
      const dot = s("circle", { cx: round(px), cy: round(frame.y.map(p.vy)), r: 5, class: "run-point", fill: runColor(p.i) }, s("title", {}, label));
      frame.plot.appendChild(s("a", { href: p.run.href, "data-run-id": p.run.id }, dot));
    }
    replaceChildren(plot, frame.svg);
  };
  const changed = () => {
    draw();
    options.onChange(xSelect.value, ySelect.value);
  };
  xSelect.addEventListener("change", changed);
  ySelect.addEventListener("change", changed);
  draw();
  return figure;
}
