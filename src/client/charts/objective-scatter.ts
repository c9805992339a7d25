/**
 * The objective against each param, one small scatter per param: numeric params on a linear axis,
 * categorical ones at discrete positions (spread a little, deterministically, so equal values stay
 * visible). The best child is marked. Each point's tooltip names the child; clicking opens its page.
 */
import { h, s } from "../dom.js";
import { formatExact } from "../../report/format.js";
import { axisValue, type Axis, type SweepModel } from "../sweep/sweep-model.js";
import { createFrame, round } from "./frame.js";
import { finiteExtent } from "./scale.js";

/** One figure per param, or null when there is no objective value to plot. */
export function objectiveScatters(model: SweepModel): HTMLElement | null {
  const objective = model.objective;
  const yExtent = finiteExtent(model.children.map((c) => c.objective ?? NaN));
  if (!objective || !yExtent || model.paramAxes.length === 0) return null;
  const grid = h("div", { class: "chart-grid small" });
  for (const axis of model.paramAxes) {
    const svg = scatter(model, axis, objective.metric, yExtent);
    if (svg) grid.appendChild(h("figure", { class: "scatter", "data-param": axis.key }, svg));
  }
  return grid.childElementCount > 0 ? grid : null;
}

function scatter(model: SweepModel, axis: Axis, metric: string, yExtent: readonly [number, number]): SVGSVGElement | null {
  const frame = createFrame({
    title: `${metric} against ${axis.label}`,
    x:
      axis.kind === "linear"
        ? { kind: "linear", domain: axis.extent, label: axis.label, log: axis.log, inset: 6 }
        : { kind: "point", domain: axis.categories, label: axis.label },
    y: { domain: yExtent, label: metric },
    width: 360,
    height: 240,
  });
  const { x, y, plot } = frame;
  const slot = x.kind === "point" && x.domain.length > 0 ? (x.range[1] - x.range[0]) / x.domain.length : 0;
  const ordered = [...model.children].sort((a, b) => Number(a.best) - Number(b.best));
  let drawn = 0;
  for (const child of ordered) {
    const value = axisValue(axis, child.run);
    if (value === undefined || child.objective === undefined || !Number.isFinite(child.objective)) continue;
    const px =
      x.kind === "linear"
        ? typeof value === "number" ? x.map(value) : NaN
        : typeof value === "string" ? x.map(value) + spread(child.trial) * slot * 0.3 : NaN;
    if (!Number.isFinite(px)) continue;
    const label = `${child.run.name} · ${axis.key} = ${String(value)} · ${metric} ${formatExact(child.objective)}`;
    const dot = s("circle", { cx: round(px), cy: round(y.map(child.objective)), r: child.best ? 5 : 3.5, class: child.best ? "point best" : "point" }, s("title", {}, label));
    plot.appendChild(s("a", { href: child.run.href, "data-run-id": child.run.id }, dot));
    drawn++;
  }
  return drawn > 0 ? frame.svg : null;
}

/** A fixed offset in [-0.5, 0.5) from the trial number: the same sweep always draws the same picture. */
function spread(trial: number): number {
  return ((trial * 0.618034) % 1) - 0.5;
}
