/**
 * The sweep view of a parent run: parallel coordinates, the objective against each param, the best so far
 * and the children's curves, each in its own section. A chart with nothing to show is left out with a note
 * saying why, rather than drawn empty.
 */
import type { SweepData } from "../../report/page-data.js";
import { bestSoFar } from "../charts/best-so-far.js";
import { objectiveScatters } from "../charts/objective-scatter.js";
import { overlaidCurves } from "../charts/overlaid-curves.js";
import { parallelCoordinates } from "../charts/parallel-coordinates.js";
import { h, replaceChildren, type Child } from "../dom.js";
import { sweepModel } from "./sweep-model.js";

export function mountSweep(container: HTMLElement, sweep: SweepData): void {
  const model = sweepModel(sweep);
  const noObjective = "No objective: declare one on the parent run, or pass --objective metric:min|max to the report.";
  const parallel = parallelCoordinates(model);
  replaceChildren(
    container,
    section("sweep-parallel", "Parallel coordinates", parallel && h("figure", { class: "parallel-figure" }, parallel), model.objective ? "Needs at least one param and an objective value." : noObjective),
    section("sweep-scatter", "Objective against each param", objectiveScatters(model), model.objective ? "No child has both a param and the objective." : noObjective),
    section("sweep-best", "Best so far", bestSoFar(model), model.objective ? "No child has logged the objective." : noObjective),
    section("sweep-curves", "Children's curves", overlaidCurves(sweep, "runtree-sweep"), "The children logged no metric history."),
  );
  container.classList.add("enhanced");
}

function section(className: string, title: string, content: Child, emptyNote: string): HTMLElement {
  return h(
    "section",
    { class: `sweep-section ${className}` },
    h("h3", {}, title),
    content || h("p", { class: "chart-empty" }, emptyNote),
  );
}
