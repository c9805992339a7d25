/**
 * A run's `summary.js` (see `RunSummary` in page-data.ts): what the compare page shows of one run, written
 * beside its page from what the page's plan and charts already hold, so it costs no extra read of the
 * run's history. Pure: the same plan and charts give the same bytes.
 */
import { dictionary } from "../format/dictionary.js";
import { encodeNumber } from "../format/metric-value.js";
import { sortKeys } from "../format/stable-json.js";
import { shownStatus } from "../model/children-summary.js";
import type { RunCharts } from "./chart-data.js";
import { chunkScript } from "./chunk-script.js";
import { href, sitePath } from "./links.js";
import type { OverlayCurve } from "./page-data.js";
import type { RunSummary, SummaryMetric } from "./summary-data.js";
import type { RunFile } from "./run-page.js";
import type { RunPagePlan } from "./run-plan.js";

/** The file's name in the run's folder. */
export const SUMMARY_FILE = "summary.js";

/** Where the compare page finds a run's summary, relative to the site's root (also the name the file calls back with). */
export function summaryPath(id: string): string {
  return sitePath.runFile(id, SUMMARY_FILE);
}

export function runSummary(plan: RunPagePlan, charts: RunCharts): RunSummary {
  const { run } = plan;
  const from = sitePath.compare;
  const metrics: Record<string, SummaryMetric> = dictionary();
  for (const key of sortKeys(Object.keys(run.metricSummaries))) {
    const s = run.metricSummaries[key]!;
    metrics[key] = { last: encodeNumber(s.last), min: encodeNumber(s.min), max: encodeNumber(s.max), step: s.step, count: s.count };
  }
  const params: Record<string, RunSummary["params"][string]> = dictionary();
  for (const key of sortKeys(Object.keys(run.params))) params[key] = run.params[key]!;
  const curves: Record<string, OverlayCurve> = dictionary();
  for (const key of sortKeys([...charts.overlay.keys()])) curves[key] = charts.overlay.get(key)!;
  return {
    id: run.id,
    name: run.name,
    href: href(from, sitePath.run(run.id)),
    experiment: { name: plan.experiment.text, href: href(from, plan.experimentPath) },
    parent:
      run.parentId === null
        ? null
        : { id: run.parentId, name: plan.parent?.text ?? "", href: plan.parent ? href(from, sitePath.run(run.parentId)) : "" },
    status: shownStatus(run),
    startTime: run.startTime,
    endTime: run.endTime,
    params,
    metrics,
    curves,
  };
}

/** The file beside the run's page. */
export function runSummaryFile(plan: RunPagePlan, charts: RunCharts): RunFile {
  return { relative: SUMMARY_FILE, content: chunkScript(summaryPath(plan.run.id), runSummary(plan, charts)) };
}
