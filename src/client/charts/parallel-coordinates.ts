/**
 * Parallel coordinates of a sweep: one vertical axis per param (numeric or categorical) and one for the
 * objective, each numeric one logarithmic when its values span two decades or more; one line per child
 * coloured from worst to best, the best child drawn on top. A missing value breaks the line at that axis.
 * Hovering a line names the child; clicking it opens the child's page.
 */
import { s } from "../dom.js";
import { formatExact, formatNumber } from "../../report/format.js";
import { axisValue, goodness, type Axis, type SweepChild, type SweepModel } from "../sweep/sweep-model.js";
import { rampColor } from "./color.js";
import { limitWidth, round, truncate } from "./frame.js";
import { finiteExtent, linearScale, logScale, niceDomain, pointScale, wantsLog, type LinearScale } from "./scale.js";

const WIDTH = 760;
const HEIGHT = 320;
const TOP = 44;
const BOTTOM = 40;
const SIDE = 70;
/** More category labels than this on one axis would overlap; every n-th is shown instead. */
const MAX_LABELS = 12;

interface PlacedAxis {
  readonly axis: Axis;
  readonly x: number;
  /** Vertical position of a child's value on this axis; NaN when it has none. */
  readonly place: (child: SweepChild) => number;
}

export function parallelCoordinates(model: SweepModel): SVGSVGElement | null {
  const axes: Axis[] = [...model.paramAxes];
  const objectives = model.children.flatMap((c) => (c.objective !== undefined && Number.isFinite(c.objective) ? [c.objective] : []));
  const objectiveExtent = finiteExtent(objectives);
  if (model.objective && objectiveExtent) {
    // Like the param axes: over two decades or more a linear axis piles the best trials at one end.
    const log = wantsLog(objectives);
    const label = `${model.objective.metric} (${model.objective.goal}${log ? ", log" : ""})`;
    axes.push({ kind: "linear", key: "", label, extent: objectiveExtent, log });
  }
  if (axes.length < 2 || model.children.length === 0) return null;

  const spacing = (WIDTH - 2 * SIDE) / (axes.length - 1);
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart parallel", role: "img", "aria-label": "Parallel coordinates of params and objective" });
  svg.appendChild(s("title", {}, "Parallel coordinates of params and objective"));
  limitWidth(svg, WIDTH);
  const axisLayer = s("g", { class: "axes" });
  const lineLayer = s("g", { class: "plot" });
  const readout = s("text", { class: "readout", x: SIDE - 50, y: HEIGHT - 10 });

  const placed = axes.map((axis, i): PlacedAxis => {
    const x = round(SIDE + spacing * i);
    const isObjective = model.objective !== null && i === axes.length - 1 && axis.key === "";
    axisLayer.appendChild(drawAxis(axis, x, isObjective));
    if (axis.kind === "linear") {
      const scale = axisScale(axis.extent, axis.log);
      return {
        axis,
        x,
        place: (child) => {
          const value = isObjective ? child.objective : axisValue(axis, child.run);
          return typeof value === "number" && Number.isFinite(value) ? scale.map(value) : NaN;
        },
      };
    }
    const scale = pointScale(axis.categories, [HEIGHT - BOTTOM, TOP]);
    return {
      axis,
      x,
      place: (child) => {
        const value = axisValue(axis, child.run);
        return typeof value === "string" ? scale.map(value) : NaN;
      },
    };
  });

  const good = goodness(model);
  const ordered = [...model.children].sort((a, b) => Number(a.best) - Number(b.best));
  for (const child of ordered) {
    const d = placed
      .map((p) => ({ x: p.x, y: p.place(child) }))
      .reduce((acc, p, i, all) => {
        if (!Number.isFinite(p.y)) return acc;
        const prev = all[i - 1];
        const pen = prev !== undefined && Number.isFinite(prev.y);
        return `${acc}${pen ? "L" : "M"}${p.x} ${round(p.y)}`;
      }, "");
    const describe = `${child.run.name}${child.objective === undefined ? "" : ` · ${model.objective?.metric ?? ""} ${formatExact(child.objective)}`}`;
    const path = s("path", { d, class: child.best ? "line best" : "line", stroke: child.best ? null : rampColor(good(child.objective)) }, s("title", {}, describe));
    const link = s("a", { href: child.run.href, "data-run-id": child.run.id }, path);
    link.addEventListener("pointerenter", () => {
      path.classList.add("active");
      readout.textContent = describe;
    });
    link.addEventListener("pointerleave", () => {
      path.classList.remove("active");
      readout.textContent = "";
    });
    lineLayer.appendChild(link);
  }
  svg.append(lineLayer, axisLayer, readout);
  return svg;
}

function drawAxis(axis: Axis, x: number, objective: boolean): SVGGElement {
  const scaleKind = axis.kind === "linear" ? (axis.log ? "log" : "linear") : "categories";
  const g = s("g", { class: "pc-axis", "data-axis": objective ? null : axis.key, "data-objective": objective ? "" : null, "data-scale": scaleKind });
  g.appendChild(s("line", { x1: x, x2: x, y1: TOP, y2: HEIGHT - BOTTOM, class: "axis-line" }));
  g.appendChild(s("text", { x, y: TOP - 22, class: "axis-label", "text-anchor": "middle" }, truncate(axis.label, 18), s("title", {}, axis.label)));
  const labels: Array<[number, string]> = [];
  if (axis.kind === "linear") {
    const scale = axisScale(axis.extent, axis.log);
    for (const tick of scale.ticks(4)) labels.push([scale.map(tick), formatNumber(tick)]);
  } else {
    const scale = pointScale(axis.categories, [HEIGHT - BOTTOM, TOP]);
    const every = Math.ceil(axis.categories.length / MAX_LABELS);
    axis.categories.forEach((c, i) => {
      if (i % every === 0) labels.push([scale.map(c), c]);
    });
  }
  for (const [y, label] of labels) {
    const ry = round(y);
    g.appendChild(s("line", { x1: x - 3, x2: x + 3, y1: ry, y2: ry, class: "tick" }));
    g.appendChild(s("text", { x: x - 6, y: ry, class: "tick-label", "text-anchor": "end", "dominant-baseline": "middle" }, truncate(label, 12)));
  }
  return g;
}

function axisScale(extent: readonly [number, number], log: boolean): LinearScale {
  const range = [HEIGHT - BOTTOM, TOP] as const;
  return log ? logScale(extent, range) : linearScale(niceDomain(extent, 4), range);
}
