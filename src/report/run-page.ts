/**
 * Completes a planned run page with the metric histories the builder read, and serialises the browser's
 * `RunPageData` (embedded as a JSON block). Pure: the same plan and histories give the same bytes.
 */
import type { Histories } from "../model/history-point.js";
import { compareKeys } from "../format/stable-json.js";
import { keysOf, toClientRun, toSeries } from "./client-data.js";
import { jsonForScript } from "./escape.js";
import { href, sitePath } from "./links.js";
import type { RunPageData, Series, SweepData } from "./page-data.js";
import type { RunPagePlan } from "./run-plan.js";
import { dictionary } from "../format/dictionary.js";


export interface RunPageModel extends RunPagePlan {
  /** `RunPageData`, escaped for a `<script type="application/json">` block. */
  readonly json: string;
}

function seriesByKey(histories: Histories): Record<string, Series> {
  const out: Record<string, Series> = dictionary();
  for (const key of [...histories.keys()].sort(compareKeys)) out[key] = toSeries(histories.get(key) ?? []);
  return out;
}

/**
 * The children's curves, per metric key then child id (for `plan.curveChildren`). Only keys that form a
 * curve (more than one point in some child) are included: single values are already in
 * `children[].metrics`, and a large sweep's page stays small.
 */
function curves(plan: RunPagePlan, childHistories: ReadonlyMap<string, Histories>): SweepData["curves"] {
  const keys = new Set<string>();
  for (const histories of childHistories.values()) {
    for (const [key, points] of histories) if (points.length > 1) keys.add(key);
  }
  const out: Record<string, Record<string, Series>> = dictionary();
  for (const key of [...keys].sort(compareKeys)) {
    const perChild: Record<string, Series> = dictionary();
    for (const child of plan.curveChildren) {
      const points = childHistories.get(child.id)?.get(key);
      if (points && points.length > 0) perChild[child.id] = toSeries(points);
    }
    out[key] = perChild;
  }
  return out;
}

export function runPageData(plan: RunPagePlan, own: Histories, childHistories: ReadonlyMap<string, Histories>): RunPageData {
  const from = sitePath.run(plan.id);
  const sweep: SweepData | null =
    plan.children.length === 0
      ? null
      : {
          objective: plan.objective
            ? { metric: plan.objective.metric, goal: plan.objective.goal, declared: plan.objective.declared }
            : null,
          bestId: plan.bestId,
          children: plan.children.map((child) => toClientRun(child, href(from, sitePath.run(child.id)))),
          paramKeys: keysOf(plan.children, "params"),
          metricKeys: keysOf(plan.children, "metrics"),
          curves: curves(plan, childHistories),
        };
  return { run: toClientRun(plan.run, href(from, from)), history: seriesByKey(own), sweep };
}

export function completeRunPage(
  plan: RunPagePlan,
  own: Histories,
  childHistories: ReadonlyMap<string, Histories>,
): RunPageModel {
  return { ...plan, json: jsonForScript(runPageData(plan, own, childHistories)) };
}
