/**
 * The experiment page's chart panel, above the runs table and collapsed until opened: a scatter of a metric
 * against any param or metric over the runs the table's filter shows, coloured by a chosen param
 * (run-scatter.ts), and a bar chart of one metric per top-level run (root-bars.ts). The table tells it
 * what it shows after every change; the panel draws only while open, once per frame at most. Its state
 * (open, axes, colour, bar metric and order) is in the URL hash beside the table's (explore-hash.ts).
 */
import { pageSignal } from "../page-life.js";
import { h, replaceChildren } from "../dom.js";
import { ownParts } from "../hash-parts.js";
import { shownRunIndices, type ShownRuns } from "../runs/shown-runs.js";
import { updateHash } from "../url-hash.js";
import { decodeExploreHash, encodeExploreHash, EXPLORE_HASH_NAMES, type ExploreState } from "./explore-hash.js";
import { rootBars } from "./root-bars.js";
import { runScatter } from "./run-scatter.js";

export interface ExplorePanel {
  readonly element: HTMLElement;
  /** What the runs table shows now. */
  update(shown: ShownRuns): void;
}

/** The experiment's keys (its data.js's): the panel's choices. */
export interface ExploreKeys {
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
}

/** A panel for the experiment's keys, or null when it has no metric to chart. */
export function createExplorePanel(keys: ExploreKeys): ExplorePanel | null {
  const params = keys.paramKeys.map((key) => `params.${key}`);
  const metrics = keys.metricKeys.map((key) => `metrics.${key}`);
  if (metrics.length === 0) return null;
  const known = new Set([...params, ...metrics]);
  let state = decodeExploreHash(window.location.hash, known);
  let shown: ShownRuns | null = null;
  let frame = 0;
  let loadedRuns = 0;

  const select = (id: string, label: string, options: ReadonlyArray<readonly [string, string]>) => {
    const element = h("select", { id, class: "metric-select" });
    for (const [value, text] of options) element.appendChild(h("option", { value }, text));
    element.addEventListener("change", changed);
    return { element, label: h("label", { for: id }, label) };
  };
  const columns = (list: readonly string[]) => list.map((c) => [c, c] as const);
  const xSelect = select("runtree-explore-x", "x", columns([...params, ...metrics]));
  const ySelect = select("runtree-explore-y", "y", columns(metrics));
  const colorSelect = select("runtree-explore-color", "colour", [["", "one colour"], ...columns(params)]);
  const barSelect = select("runtree-explore-bar", "metric", columns(metrics));
  const orderSelect = select("runtree-explore-order", "order", [["asc", "lowest first"], ["desc", "highest first"]]);
  const controls = (...parts: Array<{ element: HTMLSelectElement; label: HTMLLabelElement }>) =>
    h("div", { class: "chart-controls" }, ...parts.flatMap((part) => [part.label, part.element]));

  const scatterPlot = h("div", { class: "scatter-plot" });
  const scatterLegend = h("div", { class: "legend-slot" });
  const scatterNote = h("p", { class: "chart-note" });
  const scatter = h("figure", { class: "explore-scatter" }, controls(xSelect, ySelect, colorSelect), scatterPlot, scatterLegend, scatterNote);
  const barPlot = h("div", { class: "bar-plot" });
  const barNote = h("p", { class: "chart-note" });
  const bars = h("figure", { class: "explore-bars" }, controls(barSelect, orderSelect), barPlot, barNote);
  const details = h("details", { class: "explore-panel", id: "runtree-explore" }, h("summary", {}, "Charts"), h("div", { class: "explore-charts" }, scatter, bars));
  details.addEventListener("toggle", () => {
    if (details.open === state.open) return;
    state = { ...state, open: details.open };
    writeHash();
    schedule();
  });
  window.addEventListener(
    "hashchange",
    () => {
      if (ownParts(window.location.hash, EXPLORE_HASH_NAMES) === encodeExploreHash(state)) return;
      state = decodeExploreHash(window.location.hash, known);
      showState();
      schedule();
    },
    { signal: pageSignal() },
  );

  /**
   * A numeric param (by the first runs loaded) across, else the first param or metric; the first other
   * metric up; for the bars the metric most top-level runs show (a sweep's objective, say).
   */
  function defaults(): { x: string; y: string; bar: string } {
    const data = shown?.data;
    const numeric = keys.paramKeys.findIndex((_, key) => {
      for (let run = 0; data && run < Math.min(data.loaded, 200); run++) if (typeof data.param(key, run) === "number") return true;
      return false;
    });
    const x = numeric >= 0 ? params[numeric]! : params[0] ?? metrics[0]!;
    const roots = shown?.roots.slice(0, 200) ?? [];
    const counts = keys.metricKeys.map((_, key) => roots.filter((node) => data?.shownMetric(key, node.index) !== undefined).length);
    const bar = counts.indexOf(Math.max(...counts));
    return { x, y: metrics.find((m) => m !== x) ?? metrics[0]!, bar: metrics[Math.max(0, bar)]! };
  }

  function showState(): void {
    const fallback = defaults();
    details.open = state.open;
    xSelect.element.value = state.x ?? fallback.x;
    ySelect.element.value = state.y ?? fallback.y;
    colorSelect.element.value = state.color ?? "";
    barSelect.element.value = state.bar ?? fallback.bar;
    orderSelect.element.value = state.order;
  }

  function changed(): void {
    const fallback = defaults();
    const chosen = (value: string, fallbackValue: string | null) => (value === "" || value === fallbackValue ? null : value);
    state = {
      open: state.open,
      x: chosen(xSelect.element.value, fallback.x),
      y: chosen(ySelect.element.value, fallback.y),
      color: chosen(colorSelect.element.value, null),
      bar: chosen(barSelect.element.value, fallback.bar),
      order: orderSelect.element.value === "desc" ? "desc" : "asc",
    };
    writeHash();
    schedule();
  }

  function writeHash(): void {
    updateHash(EXPLORE_HASH_NAMES, encodeExploreHash(state));
  }

  function schedule(): void {
    if (frame !== 0 || !state.open || shown === null) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  }

  function draw(): void {
    if (shown === null) return;
    const { data } = shown;
    const x = xSelect.element.value;
    const y = ySelect.element.value;
    const color = colorSelect.element.value === "" ? null : colorSelect.element.value;
    const plotted = runScatter({ data, runs: shownRunIndices(shown), x, y, color });
    scatter.setAttribute("data-x", x);
    scatter.setAttribute("data-y", y);
    scatter.setAttribute("data-points", String(plotted.points));
    replaceChildren(scatterPlot, plotted.plot);
    replaceChildren(scatterLegend, plotted.legend);
    scatterNote.textContent = plotted.note;
    const metric = barSelect.element.value;
    const drawn = rootBars(data, shown.roots, metric, orderSelect.element.value === "desc" ? "desc" : "asc");
    bars.setAttribute("data-metric", metric);
    bars.setAttribute("data-bars", String(drawn.bars));
    replaceChildren(barPlot, drawn.plot);
    barNote.textContent = drawn.note;
  }

  showState();
  return {
    element: details,
    update(next) {
      // Expanding a row or turning a page changes nothing charted: the same filter, order and runs loaded.
      if (shown !== null && next.matched === shown.matched && next.roots === shown.roots && next.data.loaded === loadedRuns) return;
      loadedRuns = next.data.loaded;
      const first = shown === null;
      shown = next;
      // The default axes depend on the runs' values: pick them once the first runs are known.
      if (first) showState();
      schedule();
    },
  };
}
