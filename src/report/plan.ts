/**
 * The page plan: from the model to the list of files the site consists of, each `{ path, kind, model }`.
 * Pure (no disk, no clock): the builder renders and writes what this yields. Pages are yielded lazily, one
 * at a time, so a 100,000-run store never holds every page model at once.
 */
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { buildForest } from "../model/tree.js";
import type { Objective } from "../format/records.js";
import { summarizeExperiment } from "../model/experiment-summary.js";
import { compareKeys } from "../format/stable-json.js";
import {
  experimentPageCount,
  planExperimentData,
  planExperimentPage,
  planDeletedPage,
  type ExperimentEntry,
} from "./experiment-pages.js";
import type { BaseView } from "./base-view.js";
import { sitePath } from "./links.js";
import type { ExperimentData, RunSlice } from "./page-data.js";
import type { CompareModel, DeletedPageModel, ExperimentPageModel, IndexModel, ProblemsModel } from "./page-models.js";
import { depthFirst } from "./rows.js";
import { planRunPage, type RunContext, type RunPagePlan } from "./run-plan.js";
import { artifactSegments, experimentSlugs } from "./site-names.js";
import { planComparePage, planIndexPage, planProblemsPage, sortProblems } from "./summary-pages.js";

export interface PlanInput {
  /** The experiments to show (after `--experiment`), sorted by name. */
  readonly experiments: readonly ExperimentRecord[];
  /** Their runs to show (after `--filter`), in start order. */
  readonly runs: readonly RunRecord[];
  /** Artifact paths per run id, as `listArtifacts` lists them; a run without artifacts may be absent. */
  readonly artifacts: ReadonlyMap<string, readonly string[]>;
  /** Applies to runs with children that declare no objective of their own. */
  readonly objective: Objective | null;
  readonly title: string;
  /** Top-level runs per static experiment page. */
  readonly pageSize?: number;
  /** The store at `--base <rev>`, to mark what is new since. */
  readonly base?: BaseView | null;
  /** Experiments taken over whole from the last build, by store folder: as that build showed them. */
  readonly frozen?: ReadonlyMap<string, { readonly record: ExperimentRecord; readonly slug: string; readonly groups: number; readonly files: number }>;
}

export interface Site {
  readonly title: string;
  readonly objective: Objective | null;
  readonly pageSize: number;
  readonly base: BaseView | null;
  readonly entries: readonly ExperimentEntry[];
  /** Each run's parent as the tree sees it (a missing parent or a cycle makes a root). */
  readonly parentOf: ReadonlyMap<string, RunRecord>;
  /** Safe artifact paths per run id, as segments. */
  readonly artifacts: ReadonlyMap<string, ReadonlyArray<readonly string[]>>;
  /** Artifacts left out because their path is unsafe. */
  readonly problems: readonly Problem[];
}

export type PagePlan =
  | { readonly kind: "experiment"; readonly path: string; readonly model: ExperimentPageModel }
  | { readonly kind: "deleted"; readonly path: string; readonly model: DeletedPageModel }
  | { readonly kind: "experiment-data"; readonly path: string; readonly model: ExperimentData }
  | { readonly kind: "experiment-slice"; readonly path: string; readonly model: RunSlice }
  | { readonly kind: "run"; readonly path: string; readonly model: RunPagePlan }
  | { readonly kind: "index"; readonly path: string; readonly model: IndexModel }
  | { readonly kind: "problems"; readonly path: string; readonly model: ProblemsModel }
  | { readonly kind: "compare"; readonly path: string; readonly model: CompareModel };

export const DEFAULT_PAGE_SIZE = 100;

export function planSite(input: PlanInput): Site {
  const runsByDir = new Map<string, RunRecord[]>();
  for (const run of input.runs) {
    const list = runsByDir.get(run.experimentDir);
    if (list) list.push(run);
    else runsByDir.set(run.experimentDir, [run]);
  }
  // A run whose experiment has no record still belongs somewhere: show it under its recorded name.
  const records = [...input.experiments];
  const known = new Set(records.map((record) => record.dir));
  for (const [dir, runs] of runsByDir) {
    if (!known.has(dir)) records.push(summarizeExperiment({ name: runs[0]!.experiment, dir }, runs));
  }
  records.sort((a, b) => compareKeys(a.name, b.name) || compareKeys(a.dir, b.dir));
  const slugs = experimentSlugs(records.map((record) => record.dir));
  const parentOf = new Map<string, RunRecord>();
  const entries = records.map((record): ExperimentEntry => {
    const frozen = input.frozen?.get(record.dir);
    if (frozen) {
      const none = buildForest<RunRecord>([]);
      const { slug, groups, files } = frozen;
      return { record: frozen.record, slug: slugs.get(record.dir)!, runs: [], forest: none, deletedRuns: [], deleted: none, whole: none, frozen: { slug, groups, files } };
    }
    const all = runsByDir.get(record.dir) ?? [];
    // Ancestry across both sides: an active run restored under a deleted parent still shows its trail.
    const whole = buildForest(all);
    const byId = new Map(all.map((run) => [run.id, run]));
    for (const [parentId, children] of whole.childrenOf) {
      const parent = byId.get(parentId);
      if (parent) for (const child of children) parentOf.set(child.id, parent);
    }
    const runs = all.filter((run) => run.deleted === undefined);
    const deletedRuns = all.filter((run) => run.deleted !== undefined);
    // Counts are recomputed from the runs shown, so that a filtered report agrees with itself.
    const summary = summarizeExperiment(record, all);
    return {
      record: summary,
      slug: slugs.get(record.dir)!,
      runs,
      forest: buildForest(runs),
      deletedRuns,
      deleted: buildForest(deletedRuns),
      whole,
    };
  });
  const { artifacts, problems } = checkArtifacts(input.runs, input.artifacts);
  return {
    title: input.title,
    objective: input.objective,
    pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
    base: input.base ?? null,
    entries,
    parentOf,
    artifacts,
    problems,
  };
}

function checkArtifacts(runs: readonly RunRecord[], listed: ReadonlyMap<string, readonly string[]>) {
  const artifacts = new Map<string, Array<readonly string[]>>();
  const problems: Problem[] = [];
  for (const run of runs) {
    const safe: Array<readonly string[]> = [];
    for (const path of listed.get(run.id) ?? []) {
      const checked = artifactSegments(path);
      if (checked.ok) safe.push(checked.segments);
      else {
        problems.push({
          file: `${run.experimentDir}/${run.id}/artifacts/${path}`,
          code: "UNSAFE_ARTIFACT_PATH",
          message: `artifact not copied: ${checked.reason}`,
        });
      }
    }
    if (safe.length > 0) artifacts.set(run.id, safe);
  }
  return { artifacts, problems };
}

/** Ancestors a run page names in its trail: the nearest ones, and the top-level one above a long gap. */
const TRAIL_NEAREST = 8;

/**
 * The trail of a run `depth` levels below `top`: at most TRAIL_NEAREST ancestors walked up, nearest first,
 * and for a deeper run its top-level ancestor and how many lie between. Bounded on purpose: a hand-made
 * chain 10,000 runs deep would otherwise give every page its whole chain (10,000² links in all).
 */
function trailOf(site: Site, run: RunRecord, depth: number, top: RunRecord): Pick<RunContext, "ancestors" | "elided"> {
  const ancestors: RunRecord[] = [];
  const walk = depth <= TRAIL_NEAREST + 1 ? depth : TRAIL_NEAREST;
  for (let up = site.parentOf.get(run.id); up !== undefined && ancestors.length < walk; up = site.parentOf.get(up.id)) ancestors.push(up);
  return depth === ancestors.length ? { ancestors } : { ancestors, elided: { top, count: depth - ancestors.length - 1 } };
}

/** An experiment's `data.js`, its run slices and its static pages. */
export function* planExperimentFiles(site: Site, entry: ExperimentEntry): Generator<Exclude<PagePlan, { kind: "run" }>> {
  const runData = planExperimentData(entry, site.base, site.objective);
  yield { kind: "experiment-data", path: sitePath.experimentData(entry.slug), model: runData.data };
  for (const [n, slice] of runData.slices.entries()) {
    yield { kind: "experiment-slice", path: sitePath.experimentSlice(entry.slug, n + 1), model: slice };
  }
  const pages = experimentPageCount(entry, site.pageSize);
  for (let page = 1; page <= pages; page++) {
    const model = planExperimentPage(entry, page, site.pageSize, site.title, site.base, site.objective);
    yield { kind: "experiment", path: sitePath.experiment(entry.slug, page), model };
  }
  if (entry.deletedRuns.length > 0) {
    yield { kind: "deleted", path: sitePath.deletedRuns(entry.slug), model: planDeletedPage(entry, site.title, site.base) };
  }
}

/** A run page to come: what decides whether it must be made, and how to plan it when it must. */
export interface RunPageItem {
  readonly run: RunRecord;
  /** The ancestors its trail names, nearest first, and the gap above them in a long chain. */
  readonly ancestors: readonly RunRecord[];
  readonly elided?: NonNullable<RunContext["elided"]>;
  readonly artifacts: ReadonlyArray<readonly string[]>;
  plan(): Extract<PagePlan, { kind: "run" }>;
}

/**
 * The experiment's run pages, depth first: a sweep's children follow it, so their histories, read for its
 * curves, are reused soon. Active runs list their active children; then come the deleted runs, whose pages
 * list every child they have.
 */
export function* runPageItems(site: Site, entry: ExperimentEntry): Generator<RunPageItem> {
  const experiment = { name: entry.record.name, path: sitePath.experiment(entry.slug) };
  // Depth and top run from the whole tree: an active run under a deleted parent still has its trail.
  const place = new Map<string, { depth: number; top: RunRecord }>();
  let top: RunRecord | undefined;
  for (const { run, depth } of depthFirst(entry.whole.roots, entry.whole.childrenOf)) {
    if (depth === 0) top = run;
    place.set(run.id, { depth, top: top ?? run });
  }
  const active = depthFirst(entry.forest.roots, entry.forest.childrenOf).map(({ run }) => ({ run, childrenOf: entry.forest.childrenOf }));
  const deleted = depthFirst(entry.deleted.roots, entry.deleted.childrenOf).map(({ run }) => ({ run, childrenOf: entry.whole.childrenOf }));
  for (const { run, childrenOf } of [...active, ...deleted]) {
    const { depth, top: above } = place.get(run.id) ?? { depth: 0, top: run };
    const trail = trailOf(site, run, depth, above);
    const artifacts = site.artifacts.get(run.id) ?? [];
    yield {
      run,
      ...trail,
      artifacts,
      plan: () => {
        const model = planRunPage(run, {
          siteTitle: site.title,
          experiment,
          ...trail,
          childrenOf,
          artifacts,
          artifactsOf: (id) => site.artifacts.get(id) ?? [],
          objective: site.objective,
          base: site.base,
        });
        return { kind: "run", path: sitePath.run(run.id), model };
      },
    };
  }
}

/** Experiment pages, their `data.js` and run slices, then every run page, experiment by experiment. */
export function* planPages(site: Site): Generator<PagePlan> {
  for (const entry of site.entries) {
    yield* planExperimentFiles(site, entry);
    for (const item of runPageItems(site, entry)) yield item.plan();
  }
}

/** The compare page, the problems page and the index, planned last with every problem known. */
export function planSummaryPages(
  site: Site,
  problems: readonly Problem[],
  stamp: number | null,
): Array<Extract<PagePlan, { kind: "index" | "problems" | "compare" }>> {
  const sorted = sortProblems(problems);
  return [
    { kind: "compare", path: sitePath.compare, model: planComparePage(site.title) },
    { kind: "problems", path: sitePath.problems, model: planProblemsPage(sorted, site.title) },
    { kind: "index", path: sitePath.index, model: planIndexPage(site.entries, sorted, site.title, stamp) },
  ];
}
