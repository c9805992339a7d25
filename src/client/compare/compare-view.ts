/**
 * The compare page (`compare.html#runs=<id>,<id>,...`): loads the named runs' summaries, then shows the
 * table (runs as columns; params, with an "only differences" toggle; metrics, with the goal that marks
 * each row's best), the runs' curves per metric and a scatter of any two columns. The view's choices live
 * in the hash beside the runs, so a comparison can be shared as it is seen. Ids that name no run of the
 * report are listed, and the rest is compared anyway.
 */
import { formatCount } from "../../report/format.js";
import { h, replaceChildren, type Child } from "../dom.js";
import { pageSignal } from "../page-life.js";
import { writeHash } from "../url-hash.js";
import { compareCurves } from "./compare-curves.js";
import { decodeCompareHash, encodeCompareHash, MAX_COMPARE, type CompareView } from "./compare-hash.js";
import { compareScatter } from "./compare-scatter.js";
import { createCompareTable } from "./compare-table.js";
import { loadComparison, type Comparison } from "./load-runs.js";

export function mountCompare(container: HTMLElement): void {
  let shown = "";
  const show = (): void => {
    const view = decodeCompareHash(window.location.hash);
    const runs = view.runs.join(",");
    // A change of choices only (written by this page) keeps what is shown; a new list of runs reloads.
    if (runs === shown) return;
    shown = runs;
    container.setAttribute("aria-busy", "true");
    replaceChildren(container, h("p", { class: "compare-loading" }, `Loading ${formatCount(view.runs.length)} runs…`));
    void loadComparison(view.runs).then((comparison) => {
      if (shown !== runs) return;
      render(container, comparison, view);
      container.removeAttribute("aria-busy");
      container.setAttribute("data-state", "ready");
    });
  };
  window.addEventListener("hashchange", show, { signal: pageSignal() });
  show();
}

function render(container: HTMLElement, comparison: Comparison, initial: CompareView): void {
  let view = initial;
  const save = (change: Partial<CompareView>) => {
    view = { ...view, ...change };
    writeHash(encodeCompareHash(view));
  };
  const { runs } = comparison;
  const notes: Child[] = [];
  if (comparison.missing.length > 0) {
    notes.push(
      h(
        "div",
        { class: "compare-unknown", role: "alert" },
        h("p", {}, "Not compared:"),
        h("ul", {}, ...comparison.missing.map((m) => h("li", { "data-unknown-id": m.id }, h("code", {}, m.id), ` (${m.reason})`))),
      ),
    );
  }
  if (comparison.leftOut.length > 0) {
    notes.push(h("p", { class: "compare-left-out" }, `At most ${MAX_COMPARE} runs are compared at once: ${formatCount(comparison.leftOut.length)} more were left out.`));
  }
  if (runs.length < 2) {
    const none = runs.length === 0 && comparison.missing.length === 0;
    notes.push(
      h("p", { class: "empty" }, none ? "No runs named. Tick runs in a runs table (experiment pages, a run's children) and press Compare." : "Compare needs two runs or more."),
    );
  }
  if (runs.length === 0) {
    replaceChildren(container, ...notes);
    return;
  }
  const table = createCompareTable(runs, view.goal);
  const only = h("input", { type: "checkbox", "data-only-differences": "", checked: view.onlyDifferences });
  const goal = h("select", { id: "runtree-compare-goal", class: "metric-select" });
  goal.append(h("option", { value: "min", selected: view.goal === "min" }, "lower is better"), h("option", { value: "max", selected: view.goal === "max" }, "higher is better"));
  const applyOnly = () => table.element.classList.toggle("only-differences", only.checked);
  only.addEventListener("change", () => {
    applyOnly();
    save({ onlyDifferences: only.checked });
  });
  goal.addEventListener("change", () => {
    const next = goal.value === "max" ? "max" : "min";
    table.setGoal(next);
    save({ goal: next });
  });
  applyOnly();
  const differing = table.element.querySelectorAll('tr[data-differs="true"]').length;
  const controls = h(
    "div",
    { class: "runs-toolbar compare-controls" },
    h("label", { class: "only-differences-toggle" }, only, ` only params that differ (${formatCount(differing)})`),
    h("label", { for: goal.id }, "Best metric value: "),
    goal,
  );
  const curves = compareCurves(runs);
  const scatter = compareScatter(runs, { x: view.x, y: view.y, onChange: (x, y) => save({ x, y }) });
  replaceChildren(
    container,
    ...notes,
    h("p", { class: "summary" }, `${formatCount(runs.length)} runs, one column each, in the order given.`),
    controls,
    h("div", { class: "table-wrap" }, table.element),
    h("section", { class: "compare-section" }, h("h2", {}, "Curves"), curves ?? h("p", { class: "chart-empty" }, "No run logged a metric more than once.")),
    h("section", { class: "compare-section" }, h("h2", {}, "Scatter"), scatter ?? h("p", { class: "chart-empty" }, "Needs two columns (params or metrics) to plot.")),
  );
}
