/**
 * Completes a planned run page with the charts the builder read, and serialises the browser's
 * `RunPageData` (embedded as a JSON block) and, for a sweep, its curves files. Pure: the same plan and
 * charts give the same bytes.
 */
import { compareKeys } from "../format/stable-json.js";
import { dictionary } from "../format/dictionary.js";
import type { RunCharts } from "./chart-data.js";
import { keysOf, toClientRun } from "./client-data.js";
import { jsonForScript } from "./escape.js";
import { href, sitePath } from "./links.js";
import { chunkScript } from "./chunk-script.js";
import { overlayBuckets, reduceCurve } from "./overlay-budget.js";
import type { ChartSeries, CurvesFile, OverlayCurve, RunPageData, SweepData } from "./page-data.js";
import type { RunPagePlan } from "./run-plan.js";

export interface RunPageModel extends RunPagePlan {
  /** `RunPageData`, escaped for a `<script type="application/json">` block. */
  readonly json: string;
}

/** A file of the run's folder in the site, beside its page. */
export interface RunFile {
  readonly relative: string;
  readonly content: string;
}

/**
 * The children's curves, one file per metric key that forms a curve (more than one point in some child):
 * single values are already in `children[].metrics`. Files are loaded when their metric is shown, so a
 * large sweep's page stays small; within a file, the more curves, the fewer buckets each (overlay-budget.ts).
 */
function curves(plan: RunPagePlan, children: ReadonlyMap<string, RunCharts>): { refs: Record<string, string>; files: RunFile[] } {
  const keys = new Set<string>();
  for (const charts of children.values()) for (const key of charts.overlay.keys()) keys.add(key);
  const refs: Record<string, string> = dictionary();
  const files: RunFile[] = [];
  [...keys].sort(compareKeys).forEach((key, index) => {
    const found = plan.curveChildren.flatMap((child) => {
      const curve = children.get(child.id)?.overlay.get(key);
      return curve ? [[child.id, curve] as const] : [];
    });
    const buckets = overlayBuckets(found.length);
    const perChild: Record<string, OverlayCurve> = dictionary();
    for (const [id, curve] of found) perChild[id] = reduceCurve(curve, buckets);
    const relative = `curves/${index}.js`;
    const file: CurvesFile = { key, buckets, children: perChild };
    files.push({ relative, content: chunkScript(relative, file) });
    refs[key] = relative;
  });
  return { refs, files };
}

export function runPageData(plan: RunPagePlan, own: RunCharts, children: ReadonlyMap<string, RunCharts>): { data: RunPageData; files: RunFile[] } {
  const from = sitePath.run(plan.id);
  const overlay = plan.children.length === 0 ? null : curves(plan, children);
  const sweep: SweepData | null =
    overlay === null
      ? null
      : {
          objective: plan.objective
            ? { metric: plan.objective.metric, goal: plan.objective.goal, declared: plan.objective.declared }
            : null,
          bestId: plan.bestId,
          children: plan.children.map((child) => toClientRun(child, href(from, sitePath.run(child.id)))),
          paramKeys: keysOf(plan.children, "params"),
          metricKeys: keysOf(plan.children, "metrics"),
          curves: overlay.refs,
          images: plan.childImages,
        };
  const charts: Record<string, ChartSeries> = dictionary(own.series);
  return { data: { run: toClientRun(plan.run, href(from, from)), charts, sweep }, files: overlay?.files ?? [] };
}

export function completeRunPage(plan: RunPagePlan, own: RunCharts, children: ReadonlyMap<string, RunCharts>): { model: RunPageModel; files: RunFile[] } {
  const { data, files } = runPageData(plan, own, children);
  return { model: { ...plan, json: jsonForScript(data) }, files };
}
