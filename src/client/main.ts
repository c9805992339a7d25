/**
 * The report's browser script: one classic IIFE (`assets/report.js`) that enhances server-rendered pages.
 * It makes no network request, runs no eval and writes no markup from strings (but for putting back the
 * server's own table, see runs/static-table.ts), so it works from file:// under the report's CSP (`default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:`).
 *
 * Markup contract (the server renders this; this script enhances it):
 * - Every page: `<body data-page="index|experiment|run|problems|compare">` (pages with a runs table also
 *   carry `data-compare-href`, the way to `compare.html`); scripts at the end of body:
 *   experiment pages: `<script src="data.js"></script><script src="../../assets/report.js"></script>`
 *   (data.js sets `window.__RUNTREE_EXPERIMENT__` = ExperimentData, with the first slice of runs; the
 *   script loads the others, `runs-<k>.js`, by script tag as it needs them); run pages embed
 *   `<script type="application/json" id="runtree-run">RunPageData</script>` and load `../../assets/report.js`.
 * - Experiment page: `<div id="runtree-runs">` contains, inside `<noscript>`, a server-rendered no-JS table
 *   `<table class="runs">` whose `<tbody>` rows are `<tr data-run-id="…" data-parent-id="…or empty" data-depth="N">`
 *   (depth-first, children after their parent, first 100 root runs with their descendants, plus static pager links
 *   for no-JS). Your script replaces the contents of `#runtree-runs` with the interactive view, and puts the
 *   chart panel (`details#runtree-explore`) before it.
 * - Run page: `<div id="runtree-charts"></div>` (draw one line chart per metric that has more than one point, x = step,
 *   hover shows step/value; a single-point metric gets no chart) and, for runs with children,
 *   `<div id="runtree-sweep"></div>`. The server renders the best-child card and a nested children table itself
 *   (in `#runtree-children`).
 * - Runs tables: each row's first cell holds `input[type=checkbox][data-select-run]` (value: the run id), and a
 *   parent's `button[data-select-children]`; the script adds `a[data-action=compare]` above the table.
 * - Compare page: `<div id="runtree-compare">`, filled from the runs its hash names (`#runs=<id>,<id>`), whose
 *   summaries are `runs/<id>/summary.js`.
 * - A page of a `report --watch` build carries `data-live` on `<body>` and refreshes itself (live.ts).
 */
import { startLive } from "./live.js";
import { loadScript } from "./load-script.js";
import { experimentData, runPageData } from "./page-data-source.js";
import { mountRunPage } from "./run-page.js";
import { mountCompare } from "./compare/compare-view.js";
import { createExplorePanel } from "./explore/explore-panel.js";
import type { ExperimentData } from "../report/page-data.js";
import { mountRunsTable } from "./runs/runs-view.js";
import { restoreStaticTable } from "./runs/static-table.js";

/** Mounts the page's views on its content (again, after a live refresh swapped it). */
function mount(): void {
  const page = document.body.getAttribute("data-page");
  if (page === "experiment") {
    const container = document.getElementById("runtree-runs");
    if (!container) return;
    let mounted = false;
    try {
      const data = experimentData();
      mounted = data !== null && mountExperiment(container, data);
    } finally {
      // No data.js, or a failure: the server's table, as a reader without scripting sees it.
      if (!mounted) restoreStaticTable(container);
    }
  } else if (page === "run") {
    const data = runPageData();
    if (data) mountRunPage(data);
  } else if (page === "compare") {
    const container = document.getElementById("runtree-compare");
    if (container) mountCompare(container);
  }
}

/** After a live refresh: an experiment page runs its (rewritten) data.js again, then every page mounts. */
async function remount(): Promise<void> {
  const data = document.querySelector<HTMLScriptElement>('script[src$="data.js"]')?.getAttribute("src");
  if (document.body.getAttribute("data-page") === "experiment" && data) {
    delete window.__RUNTREE_EXPERIMENT__;
    window.__RUNTREE_SLICES__ = [];
    await loadScript(data);
  }
  mount();
}

function start(): void {
  document.documentElement.classList.add("js");
  mount();
  startLive(remount);
}

/** The runs table, and above it the chart panel of what the table shows. */
function mountExperiment(container: HTMLElement, data: ExperimentData): boolean {
  const panel = data.runCount > 0 ? createExplorePanel(data) : null;
  if (!mountRunsTable(container, data, panel ? (shown) => panel.update(shown) : undefined)) return false;
  if (panel) container.before(panel.element);
  return true;
}

// The script tag sits at the end of <body>, but a copy loaded from <head> must wait for the document.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
