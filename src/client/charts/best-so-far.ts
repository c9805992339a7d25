/**
 * The sweep's progress: every child's objective in start order, and the best value found so far as a step
 * line, so one can see whether more trials still help. The best child is marked.
 */
import { h, s } from "../dom.js";
import { formatExact } from "../../report/format.js";
import type { SweepModel } from "../sweep/sweep-model.js";
import { createFrame, round } from "./frame.js";
import { finiteExtent } from "./scale.js";

export function bestSoFar(model: SweepModel): HTMLElement | null {
  const objective = model.objective;
  const scored = model.children.filter((c) => c.objective !== undefined && Number.isFinite(c.objective));
  const yExtent = finiteExtent(scored.map((c) => c.objective ?? NaN));
  if (!objective || !yExtent) return null;

  const frame = createFrame({
    title: `Best ${objective.metric} so far, by trial`,
    // The inset keeps the first and last trials' dots (the best one is larger) clear of the axes.
    x: { kind: "linear", domain: [1, Math.max(1, model.children.length)], label: "trial (start order)", integer: true, inset: 8 },
    y: { domain: yExtent, label: objective.metric },
  });
  const { x, y, plot } = frame;
  if (x.kind !== "linear") return null;

  const better = (a: number, b: number): boolean => (objective.goal === "min" ? a < b : a > b);
  let best: number | null = null;
  let d = "";
  for (const child of scored) {
    const value = child.objective ?? NaN;
    const px = round(x.map(child.trial));
    if (best === null) d += `M${px} ${round(y.map(value))}`;
    else {
      // Horizontal to this trial at the old best, then down (or up) to the new one: a step line.
      d += `H${px}`;
      if (better(value, best)) d += `V${round(y.map(value))}`;
    }
    if (best === null || better(value, best)) best = value;
  }
  if (scored.length > 0) d += `H${round(x.map(model.children.length))}`;
  plot.appendChild(s("path", { d, class: "series best-line" }));

  for (const child of [...scored].sort((a, b) => Number(a.best) - Number(b.best))) {
    const value = child.objective ?? NaN;
    const label = `#${child.trial} ${child.run.name} · ${objective.metric} ${formatExact(value)}`;
    const dot = s("circle", { cx: round(x.map(child.trial)), cy: round(y.map(value)), r: child.best ? 5 : 3, class: child.best ? "point best" : "point" }, s("title", {}, label));
    plot.appendChild(s("a", { href: child.run.href, "data-run-id": child.run.id }, dot));
  }
  return h(
    "figure",
    { class: "best-so-far" },
    frame.svg,
    h("figcaption", {}, `Best `, h("code", {}, objective.metric), ` so far (${objective.goal}) over ${model.children.length} trials`),
  );
}
