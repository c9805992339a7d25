/**
 * Making one run page: its charts (and its sweep's curves), the page, its data files and its artifacts. The
 * same work on the main thread and in a page worker (page-pool.ts): each lane has its own tools, and what a
 * page depends on comes from its plan item alone, so a page's bytes do not depend on the lane that made it.
 */
import type { HistoryShelf } from "../mlflow/history-shelf.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { withPreviews } from "./artifact-preview.js";
import { copyArtifact } from "./artifacts.js";
import { createChartCache, type ChartCache } from "./chart-cache.js";
import type { RunCharts, WriteRunFile } from "./chart-data.js";
import { sitePath } from "./links.js";
import { salter, type PageWriter } from "./live-pages.js";
import { groupName } from "./page-keys.js";
import type { RunPageItem } from "./plan.js";
import type { Renderer } from "./render.js";
import { completeRunPage } from "./run-page.js";
import { runSummaryFile } from "./run-summary.js";
import type { SiteWriter } from "./site-writer.js";

/** Pages being loaded, rendered and written at once in a lane: enough to keep the disk busy, few enough to bound memory. */
export const IN_FLIGHT = 16;
/** Bytes of children's charts kept between their parent's page and their own (see chart-cache.ts). */
const CHART_CACHE_BYTES = 32 * 1024 * 1024;

export interface PageTools {
  /** The report folder. */
  readonly root: string;
  readonly writer: SiteWriter;
  readonly renderer: Renderer;
  readonly writePage: PageWriter;
  readonly charts: ChartCache;
  /** The problems list of a group, made when first asked for. */
  readonly problemsOf: (group: string) => Problem[];
}

/** A lane's tools; `shelf` holds the MLflow histories its reader kept. */
export function pageTools(
  parts: Omit<PageTools, "charts">,
  shelf?: HistoryShelf,
): PageTools {
  const { writer, problemsOf } = parts;
  const writeFor = (run: RunRecord): WriteRunFile => (relative, content) =>
    writer.write(groupName.run(run.id), sitePath.runFile(run.id, relative), content);
  const charts = createChartCache(CHART_CACHE_BYTES, (run) => problemsOf(groupName.run(run.id)), writeFor, shelf);
  return { ...parts, charts };
}

export async function makeRunPage(item: RunPageItem, tools: PageTools): Promise<void> {
  const { run } = item;
  const { writer, charts } = tools;
  const group = groupName.run(run.id);
  const page = item.plan();
  const plan = page.model;
  charts.expect(plan.curveChildren);
  const own = await charts.forOwnPage(run);
  const children = new Map<string, RunCharts>();
  for (const child of plan.curveChildren) children.set(child.id, await charts.forParent(child));
  const complete = completeRunPage({ ...plan, artifacts: await withPreviews(run, plan.artifacts) }, own, children);
  const files = [...complete.files, runSummaryFile(plan, own)];
  const data = tools.writePage.live ? salter() : null;
  for (const file of files) data?.add(file.content);
  tools.writePage.write(group, page.path, tools.renderer.render({ ...page, model: complete.model }), data?.digest());
  for (const file of files) writer.write(group, sitePath.runFile(run.id, file.relative), file.content);
  for (const artifact of plan.artifacts) {
    const problem = await copyArtifact(run, artifact.segments, tools.root, writer, group);
    if (problem) tools.problemsOf(group).push(problem);
  }
}
