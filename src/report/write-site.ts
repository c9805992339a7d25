/**
 * Makes the site's experiment and run files, group by group (see page-keys.ts): a group whose key is the one
 * the previous build recorded, and whose files are still there, is taken over as it is, without planning
 * or rendering anything; any other group is planned, rendered and written (each file only if its bytes
 * change). Run pages are made with a bound on the work in flight.
 *
 * An experiment whose key is unchanged has every run page's key unchanged too (each depends on a part of
 * what the experiment's key covers: the experiment, and its runs' fingerprints), so its run pages are taken
 * over without computing their keys: on a big store, a rebuild then costs little more than a look at each
 * run.json's metadata.
 */
import type { HistoryShelf } from "../mlflow/history-shelf.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { copyArtifact } from "./artifacts.js";
import { withPreviews } from "./artifact-preview.js";
import { forEachBounded } from "./bounded.js";
import { groupIn, type BuildManifest } from "./build-manifest.js";
import { createChartCache } from "./chart-cache.js";
import type { RunCharts } from "./chart-data.js";
import { sitePath } from "./links.js";
import { salter, type PageWriter } from "./live-pages.js";
import { experimentKey, groupName, runPageKey, subtreeKeys, type RunFingerprint } from "./page-keys.js";
import { planExperimentFiles, runPageItems, type Site } from "./plan.js";
import type { Renderer } from "./render.js";
import { completeRunPage } from "./run-page.js";
import { runSummaryFile } from "./run-summary.js";
import { sortProblems } from "./summary-pages.js";
import type { SiteWriter } from "./site-writer.js";

/** Pages being loaded, rendered and written at once: enough to keep the disk busy, few enough to bound memory. */
const IN_FLIGHT = 16;
/** Bytes of children's charts kept between their parent's page and their own (see chart-cache.ts). */
const CHART_CACHE_BYTES = 32 * 1024 * 1024;

export interface SiteWork {
  readonly site: Site;
  /** The report folder. */
  readonly root: string;
  readonly writer: SiteWriter;
  readonly renderer: Renderer;
  /** The previous build's manifest, when it is trusted. */
  readonly previous: BuildManifest | null;
  readonly fp: RunFingerprint;
  /** Writes HTML pages, live or not (see live-pages.ts). */
  readonly writePage: PageWriter;
  /** MLflow histories the store's reader kept for the charts. */
  readonly histories?: HistoryShelf;
  /** After each run page, made or kept. */
  readonly onRun?: (done: number, total: number) => void;
}

export interface SiteOutcome {
  /** Key and problems of each group made or kept (files are the writer's). */
  readonly groups: ReadonlyMap<string, { readonly key: string | null; readonly problems: readonly Problem[] }>;
  /** Groups taken over from the previous build without rendering (those of experiments taken over whole too). */
  readonly reused: number;
  /** Groups planned and rendered. */
  readonly rendered: number;
}

export async function writeExperimentsAndRuns(work: SiteWork): Promise<SiteOutcome> {
  const { site, writer, renderer, previous, fp } = work;
  const keys = new Map<string, string | null>();
  const problems = new Map<string, Problem[]>();
  const problemsOf = (group: string) => {
    let list = problems.get(group);
    if (!list) problems.set(group, (list = []));
    return list;
  };
  const taken = new Set<string>();
  let whole = 0;
  /**
   * True when the group (of the store folder `dir`) is taken over (`key` undefined: whatever its key was);
   * either way its key is recorded.
   */
  const reuse = (group: string, key: string | null | undefined, dir: string): boolean => {
    const before = groupIn(previous, group, dir);
    const wanted = key === undefined ? (before?.key ?? null) : key;
    keys.set(group, wanted);
    if (wanted === null || before === undefined || before.key !== wanted || !writer.keep(group, before.files)) {
      taken.delete(group);
      return false;
    }
    problems.set(group, [...before.problems]);
    taken.add(group);
    return true;
  };
  const writeFor = (run: RunRecord) => (relative: string, content: string) =>
    writer.write(groupName.run(run.id), sitePath.runFile(run.id, relative), content);
  const charts = createChartCache(CHART_CACHE_BYTES, (run) => problemsOf(groupName.run(run.id)), writeFor, work.histories);
  const total = site.entries.reduce((sum, entry) => sum + entry.runs.length + entry.deletedRuns.length, 0);
  let runsDone = 0;

  for (const entry of site.entries) {
    const group = groupName.experiment(entry.slug);
    const dir = entry.record.dir;
    if (entry.frozen) {
      // Taken over whole (experiment-freeze.ts): its groups stay in the manifest's shard of its folder, unread.
      whole += entry.frozen.groups;
      continue;
    }
    if (!reuse(group, experimentKey(entry, fp), dir)) {
      // Data first, then the pages (planExperimentFiles' order): a live page's version covers its data.
      const data = work.writePage.live ? salter() : null;
      for (const page of planExperimentFiles(site, entry)) {
        const content = renderer.render(page);
        if (page.kind === "experiment" || page.kind === "deleted") work.writePage.write(group, page.path, content, data?.digest());
        else {
          data?.add(content);
          writer.write(group, page.path, content);
        }
      }
    } else if (entry.runs.every((run) => reuse(groupName.run(run.id), undefined, dir))) {
      runsDone += entry.runs.length;
      work.onRun?.(runsDone, total);
      continue;
    }
    const subtree = subtreeKeys(entry, fp);
    await forEachBounded(runPageItems(site, entry), IN_FLIGHT, async (item) => {
      const { run } = item;
      const group = groupName.run(run.id);
      const key = runPageKey(entry, run, item, item.artifacts, subtree.get(run.id) ?? null);
      if (reuse(group, key, dir)) charts.skip(run);
      else {
        const page = item.plan();
        const plan = page.model;
        charts.expect(plan.curveChildren);
        const own = await charts.forOwnPage(run);
        const children = new Map<string, RunCharts>();
        for (const child of plan.curveChildren) children.set(child.id, await charts.forParent(child));
        const complete = completeRunPage({ ...plan, artifacts: await withPreviews(run, plan.artifacts) }, own, children);
        const files = [...complete.files, runSummaryFile(plan, own)];
        const data = work.writePage.live ? salter() : null;
        for (const file of files) data?.add(file.content);
        work.writePage.write(group, page.path, renderer.render({ ...page, model: complete.model }), data?.digest());
        for (const file of files) writeFor(run)(file.relative, file.content);
        for (const artifact of plan.artifacts) {
          const problem = await copyArtifact(run, artifact.segments, work.root, writer, group);
          if (problem) problemsOf(group).push(problem);
        }
      }
      work.onRun?.(++runsDone, total);
    });
  }
  const groups = new Map<string, { key: string | null; problems: readonly Problem[] }>();
  for (const [group, key] of keys) groups.set(group, { key, problems: sortProblems(problems.get(group) ?? []) });
  return { groups, reused: taken.size + whole, rendered: keys.size - taken.size };
}
