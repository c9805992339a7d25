/**
 * The sweep view of a parent run: an objective chooser, then parallel coordinates, the objective against
 * each param, the params' importance, the best so far, the children's curves and one image artifact of
 * every child side by side, each in its own section. The objective starts as
 * the declared (or `--objective`) one, else the children's first metric, so a sweep nobody annotated can
 * still answer "which values work"; changing it recomputes the best child and redraws every chart. The
 * choice, the curves' metric and their grouping live in the URL hash, so the view can be shared. A chart with nothing to
 * show is left out with a note saying why, rather than drawn empty.
 */
import type { SweepData } from "../../report/page-data.js";
import { formatExact, formatNumber } from "../../report/format.js";
import { bestSoFar } from "../charts/best-so-far.js";
import { objectiveScatters } from "../charts/objective-scatter.js";
import { overlaidCurves } from "../charts/overlaid-curves.js";
import { parallelCoordinates } from "../charts/parallel-coordinates.js";
import { h, replaceChildren, type Child } from "../dom.js";
import { updateHash } from "../url-hash.js";
import { childImages } from "./child-images.js";
import { importanceList } from "./importance-list.js";
import { decodeSweepHash, encodeSweepHash, SWEEP_HASH_NAMES } from "./sweep-hash.js";
import { defaultObjective, sweepModel, type SweepModel, type SweepObjective } from "./sweep-model.js";

/** Class of the server-rendered children-table row of the current best child. */
export const BEST_ROW_CLASS = "best-row";

export function mountSweep(container: HTMLElement, sweep: SweepData): void {
  const uid = "runtree-sweep";
  const curveKeys = Object.keys(sweep.curves);
  const restored = decodeSweepHash(window.location.hash, [...sweep.metricKeys, ...curveKeys], { params: sweep.paramKeys, images: sweep.images?.paths ?? [] });
  // Only what the reader chose (or a link carried) goes into the URL; an untouched page keeps a clean one.
  let objective: SweepObjective | null = restored.objective ?? defaultObjective(sweep);
  let objectiveChosen = restored.objective !== null;
  let curves: string | null = restored.curves;
  let image: string | null = restored.image;
  let group: string | null = restored.group;

  const controls = objectiveControls(sweep, uid, objective, (next) => {
    objective = next;
    objectiveChosen = true;
    render();
  });
  let sections: HTMLElement[] = [];
  replaceChildren(container, controls.element);

  function render(): void {
    const model = sweepModel(sweep, objective);
    const noObjective = "The children logged no metric to use as the objective.";
    const needs = model.objective ? null : noObjective;
    const parallel = parallelCoordinates(model);
    const next = [
      section("sweep-parallel", "Parallel coordinates", parallel && h("figure", { class: "parallel-figure" }, parallel), needs ?? "Needs at least one param and an objective value."),
      section("sweep-importance", "Parameter importance", importanceList(model, sweep.paramKeys), needs ?? "Needs at least three children with the objective and a param that varies."),
      section("sweep-scatter", "Objective against each param", objectiveScatters(model), needs ?? "No child has both a param and the objective."),
      section("sweep-best", "Best so far", bestSoFar(model), needs ?? "No child has logged the objective."),
      section(
        "sweep-curves",
        "Children's curves",
        overlaidCurves(sweep, uid, {
          metric: curves ?? model.objective?.metric ?? null,
          bestId: model.bestId,
          onMetric: (key) => {
            curves = key;
            saveHash();
          },
          group,
          onGroup: (param) => {
            group = param;
            saveHash();
          },
        }),
        "The children logged no metric history.",
      ),
      // Left out, not noted, for a sweep whose children logged no image: most have none.
      sweep.images !== null &&
      section(
        "sweep-images",
        "Children's images",
        childImages(sweep.images, model, uid, {
          path: image,
          onPath: (path) => {
            image = path;
            saveHash();
          },
        }),
        "No child has an image artifact (PNG, JPEG, GIF or WebP).",
      ),
    ];
    for (const old of sections) old.remove();
    const shown = next.filter((element): element is HTMLElement => element !== false);
    container.append(...shown);
    sections = shown;
    controls.showBest(model);
    markBestRows(container, model.bestId);
    saveHash();
  }

  function saveHash(): void {
    updateHash(SWEEP_HASH_NAMES, encodeSweepHash({ objective: objectiveChosen ? objective : null, curves, group, image }));
  }

  render();
  // Only now: until the sections are in, the space kept for them keeps the table below out of view.
  container.classList.add("enhanced");
}

interface ObjectiveControls {
  readonly element: HTMLElement;
  showBest(model: SweepModel): void;
}

/** The metric and goal `<select>`s and a line naming the best child under them. */
function objectiveControls(sweep: SweepData, uid: string, initial: SweepObjective | null, onChange: (objective: SweepObjective) => void): ObjectiveControls {
  const best = h("p", { class: "sweep-best-line", "aria-live": "polite" });
  if (!initial || sweep.metricKeys.length === 0) return { element: h("div", { class: "sweep-controls" }, best), showBest: () => undefined };
  const metric = h("select", { id: `${uid}-objective`, class: "objective-metric" });
  for (const key of sweep.metricKeys) metric.appendChild(h("option", { value: key, selected: key === initial.metric }, key));
  const goal = h("select", { id: `${uid}-goal`, class: "objective-goal", "aria-label": "Goal" });
  goal.append(
    h("option", { value: "min", selected: initial.goal === "min" }, "min (lower is better)"),
    h("option", { value: "max", selected: initial.goal === "max" }, "max (higher is better)"),
  );
  const changed = (): void => onChange({ metric: metric.value, goal: goal.value === "max" ? "max" : "min" });
  metric.addEventListener("change", changed);
  goal.addEventListener("change", changed);
  const element = h(
    "div",
    { class: "sweep-controls" },
    h("div", { class: "chart-controls" }, h("label", { for: `${uid}-objective` }, "Objective "), metric, " ", goal),
    best,
  );
  return {
    element,
    showBest(model) {
      const child = model.children.find((c) => c.best);
      const metricKey = model.objective?.metric ?? "";
      if (!child) {
        replaceChildren(best, "No child has a finite value of ", h("code", {}, metricKey), ".");
        return;
      }
      const value = child.objective ?? NaN;
      replaceChildren(
        best,
        "Best child by this objective: ",
        h("a", { href: child.run.href, "data-run-id": child.run.id }, child.run.name === "" ? child.run.id : child.run.name),
        " · ",
        h("code", {}, metricKey),
        " = ",
        h("span", { class: "value", title: formatExact(value) }, formatNumber(value)),
      );
    },
  };
}

/** Marks the best child's row in the server-rendered children table (the section around the view). */
function markBestRows(container: HTMLElement, bestId: string | null): void {
  const scope = container.closest("section") ?? document;
  for (const row of Array.from(scope.querySelectorAll("table.runs tbody tr[data-run-id]"))) {
    row.classList.toggle(BEST_ROW_CLASS, bestId !== null && row.getAttribute("data-run-id") === bestId);
  }
}

function section(className: string, title: string, content: Child, emptyNote: string): HTMLElement {
  return h(
    "section",
    { class: `sweep-section ${className}` },
    h("h3", {}, title),
    content || h("p", { class: "chart-empty" }, emptyNote),
  );
}
