/**
 * The report's browser script: one classic IIFE (`assets/report.js`) that enhances server-rendered pages.
 * It makes no network request, runs no eval and writes no markup from strings, so it works from file://
 * under the report's CSP (`default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:`).
 *
 * Markup contract (the server renders this; this script enhances it):
 * - Every page: `<body data-page="index|experiment|run|problems">`; this script is loaded in the head
 *   (`<script src="../../assets/report.js">`), so it marks `<html>` with the class `js` before the body is
 *   parsed, and starts once the document is; experiment pages end their body with `<script src="data.js">`
 *   (data.js sets `window.__RUNTREE_EXPERIMENT__` = ExperimentData, with the first slice of runs; the
 *   script loads the others, `runs-<k>.js`, by script tag as it needs them); run pages embed
 *   `<script type="application/json" id="runtree-run">RunPageData</script>` and load `../../assets/report.js`.
 * - Experiment page: `<div id="runtree-runs">` contains a server-rendered no-JS table
 *   `<table class="runs">` whose `<tbody>` rows are `<tr data-run-id="…" data-parent-id="…or empty" data-depth="N">`
 *   (depth-first, children after their parent, first 100 root runs with all their descendants, plus static pager links
 *   for no-JS). Your script replaces the contents of `#runtree-runs` with the interactive view.
 * - Run page: `<div id="runtree-charts"></div>` (draw one line chart per metric that has more than one point, x = step,
 *   hover shows step/value; a single-point metric gets no chart) and, for runs with children,
 *   `<div id="runtree-sweep"></div>`. The server renders the best-child card and a nested children table itself.
 */
import { experimentData, runPageData } from "./page-data-source.js";
import { mountRunPage } from "./run-page.js";
import { mountRunsTable } from "./runs/runs-view.js";

// The stylesheet keeps an experiment page's static runs table out of layout while the class is on: the
// interactive table replaces it, and laying out a few hundred rows only to drop them costs more than
// building the replacement. Should the table not be replaced, `static` brings the server's back.
document.documentElement.classList.add("js");

function start(): void {
  const page = document.body.getAttribute("data-page");
  if (page === "experiment") {
    const container = document.getElementById("runtree-runs");
    if (!container) return;
    let mounted = false;
    try {
      const data = experimentData();
      mounted = data !== null && mountRunsTable(container, data);
    } finally {
      if (!mounted) container.classList.add("static");
    }
  } else if (page === "run") {
    const data = runPageData();
    if (data) mountRunPage(data);
  }
}

// The script tag sits at the end of <body>, but a copy loaded from <head> must wait for the document.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
