/**
 * The chart panel's scatter: one point per run the filter shows, a metric (up) against a param or a metric
 * (across), each run's own values. A numeric x goes on a linear axis (logarithmic when its values span two
 * decades or more, as the sweep's axes do), anything else at discrete positions. Points may be coloured by
 * a param: a ramp for numbers, a palette for anything else, with a legend. Each point names its run on
 * hover and opens its page on click. SVG marks cost per point, so past MAX_POINTS an even sample of the
 * runs is drawn and the note says so.
 */
import type { ParamValue } from "../../format/records.js";
import { formatExact, formatNumber } from "../../report/format.js";
import { rampColor } from "../charts/color.js";
import { createFrame, round } from "../charts/frame.js";
import { finiteExtent, wantsLog } from "../charts/scale.js";
import { runColor } from "../compare/run-colors.js";
import { h, s } from "../dom.js";
import type { RunData } from "../runs/run-data.js";

export const MAX_POINTS = 2000;
/** Category colours listed in the legend; the rest are counted. */
const LEGEND_ITEMS = 12;
const NO_VALUE = "#9a9a9a";

export interface ScatterInput {
  readonly data: RunData;
  readonly runs: readonly number[];
  /** `params.<key>` or `metrics.<key>`. */
  readonly x: string;
  /** `metrics.<key>`. */
  readonly y: string;
  /** `params.<key>`, or null for one colour. */
  readonly color: string | null;
}

export interface Scatter {
  readonly plot: SVGSVGElement | HTMLElement;
  readonly legend: HTMLElement | null;
  readonly note: string;
  readonly points: number;
}

/** A column's value for a run (its own, never a child's), or a reader that finds nothing. */
export function columnReader(data: RunData, column: string): (run: number) => ParamValue | undefined {
  if (column.startsWith("params.")) {
    const key = data.paramKeys.indexOf(column.slice("params.".length));
    if (key >= 0) return (run) => data.param(key, run);
  } else if (column.startsWith("metrics.")) {
    const key = data.metricKeys.indexOf(column.slice("metrics.".length));
    if (key >= 0) return (run) => data.metric(key, run);
  }
  return () => undefined;
}

export function runScatter(input: ScatterInput): Scatter {
  const { data, x, y } = input;
  const readX = columnReader(data, x);
  const readY = columnReader(data, y);
  const all = input.runs.flatMap((run) => {
    const vx = readX(run);
    const vy = readY(run);
    return vx === undefined || typeof vy !== "number" || !Number.isFinite(vy) || (typeof vx === "number" && !Number.isFinite(vx)) ? [] : [{ run, vx, vy }];
  });
  const stride = Math.max(1, all.length / MAX_POINTS);
  const points = stride === 1 ? all : Array.from({ length: MAX_POINTS }, (_, i) => all[Math.floor(i * stride)]!);
  const notes: string[] = [];
  if (points.length < all.length) notes.push(`${points.length} of ${all.length} runs drawn (an even sample).`);
  if (all.length < input.runs.length) notes.push(`${input.runs.length - all.length} of ${input.runs.length} runs have no finite ${y} or no ${x}.`);
  const note = notes.join(" ");
  const yExtent = finiteExtent(points.map((p) => p.vy));
  if (yExtent === null) return { plot: h("p", { class: "chart-empty" }, `No run shown has both ${x} and ${y}.`), legend: null, note, points: 0 };

  const numbers = points.flatMap((p) => (typeof p.vx === "number" ? [p.vx] : []));
  const numericX = numbers.length === points.length;
  const xExtent = finiteExtent(numbers);
  const categories = numericX ? [] : [...new Set(points.map((p) => String(p.vx)))].sort();
  const frame = createFrame({
    title: `${y} against ${x}`,
    x: numericX && xExtent ? { kind: "linear", domain: xExtent, label: x, log: wantsLog(numbers), inset: 8 } : { kind: "point", domain: categories, label: x },
    y: { domain: yExtent, label: y },
    width: 560,
    height: 320,
  });
  const slot = frame.x.kind === "point" && categories.length > 0 ? (frame.x.range[1] - frame.x.range[0]) / categories.length : 0;
  const colors = colorer(data, input.color, points.map((p) => p.run));
  for (const p of points) {
    const px = frame.x.kind === "linear" ? frame.x.map(Number(p.vx)) : frame.x.map(String(p.vx)) + spread(p.run) * slot * 0.4;
    const name = data.name(p.run) || data.id(p.run);
    const shade = colors.of(p.run);
    const label = `${name} · ${x} = ${show(p.vx)} · ${y} = ${formatExact(p.vy)}${input.color ? ` · ${input.color} = ${shade.label}` : ""}`;
    const dot = s("circle", { cx: round(px), cy: round(frame.y.map(p.vy)), r: 4, class: "run-point", fill: shade.color }, s("title", {}, label));
    frame.plot.appendChild(s("a", { href: data.href(p.run), "data-run-id": data.id(p.run) }, dot));
  }
  return { plot: frame.svg, legend: colors.legend, note, points: points.length };
}

interface Colorer {
  of(run: number): { color: string; label: string };
  readonly legend: HTMLElement | null;
}

/** Colours by a param over the plotted runs: numbers on the ramp (log over two decades), others by category. */
function colorer(data: RunData, column: string | null, runs: readonly number[]): Colorer {
  if (column === null) return { of: () => ({ color: runColor(0), label: "" }), legend: null };
  const read = columnReader(data, column);
  const values = runs.map(read);
  const present = values.filter((v): v is ParamValue => v !== undefined);
  const numbers = present.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const legend = h("ul", { class: "explore-legend", "data-color": column });
  if (present.length > 0 && numbers.length === present.length) {
    const log = wantsLog(numbers);
    const t = (v: number) => (log ? Math.log10(v) : v);
    const [lo, hi] = finiteExtent(numbers.map(t)) ?? [0, 0];
    const at = (v: number) => (hi === lo ? 1 : (t(v) - lo) / (hi - lo));
    const [min, max] = finiteExtent(numbers) ?? [0, 0];
    legend.append(item(rampColor(0), `${column} ${formatNumber(min)}`), item(rampColor(1), `${formatNumber(max)}${log ? " (log)" : ""}`));
    if (present.length < values.length) legend.append(item(NO_VALUE, "none"));
    return {
      of: (run) => {
        const v = read(run);
        return typeof v === "number" ? { color: rampColor(at(v)), label: formatExact(v) } : { color: NO_VALUE, label: "none" };
      },
      legend,
    };
  }
  const categories = [...new Set(present.map(String))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  categories.slice(0, LEGEND_ITEMS).forEach((c, i) => legend.append(item(runColor(i), c)));
  if (categories.length > LEGEND_ITEMS) legend.append(h("li", {}, `and ${categories.length - LEGEND_ITEMS} more values`));
  if (present.length < values.length) legend.append(item(NO_VALUE, "none"));
  return {
    of: (run) => {
      const v = read(run);
      return v === undefined ? { color: NO_VALUE, label: "none" } : { color: runColor(index.get(String(v)) ?? 0), label: String(v) };
    },
    legend,
  };
}

function item(color: string, text: string): HTMLLIElement {
  const mark = h("span", { class: "swatch", "aria-hidden": "true" });
  mark.style.setProperty("--swatch", color);
  return h("li", { "data-swatch": color }, mark, text);
}

function show(value: ParamValue): string {
  return typeof value === "number" ? formatExact(value) : String(value);
}

/** A fixed offset in [-0.5, 0.5) from the run's position: the same runs always draw the same picture. */
function spread(run: number): number {
  return ((run * 0.618034) % 1) - 0.5;
}
