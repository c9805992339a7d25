/**
 * An experiment's pages: the runs table split into static pages of `pageSize` top-level runs (each with its
 * descendants, up to `STATIC_TREE_ROWS`, so a tree is cut only where it is too big for a page), the runs
 * for the browser script (`data.js` and its slices, see run-slices.ts), and its deleted runs on a page of
 * their own (as MLflow's "active / deleted" switch: deleted runs never mix into the active table).
 */
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { RunRecord } from "../model/run-record.js";
import type { RunForest } from "../model/tree.js";
import type { Objective, RunStatus } from "../format/records.js";
import { compareKeys } from "../format/stable-json.js";
import { isNewSince, type BaseView } from "./base-view.js";
import { href, sitePath } from "./links.js";
import { PageKind, type DeletedPageModel, type ExperimentPageModel, type Pager, type PagerItem, type StatusCount } from "./page-models.js";
import { runsTable, statusView } from "./rows.js";
import { planRunData, type PlannedRunData } from "./run-slices.js";

/** One experiment as the site shows it (after `--experiment` and `--filter`). */
export interface ExperimentEntry {
  readonly record: ExperimentRecord;
  readonly slug: string;
  /** The active runs (not deleted), start order, then id. */
  readonly runs: readonly RunRecord[];
  readonly forest: RunForest<RunRecord>;
  /** The deleted runs, start order, then id, and their forest: a deleted run whose parent is active is a root there. */
  readonly deletedRuns: readonly RunRecord[];
  readonly deleted: RunForest<RunRecord>;
  /** Every run, active and deleted: what a deleted run's own page lists as its children. */
  readonly whole: RunForest<RunRecord>;
  /**
   * Set when the experiment is taken over whole from the last build (experiment-freeze.ts): its runs are not
   * read (the lists above are empty), its record and its slug are the last build's, and so are its pages and
   * its runs' (`groups` groups, `files` files), which nothing in this build looks at.
   */
  readonly frozen?: { readonly slug: string; readonly groups: number; readonly files: number };
}

/** Descendants of a run listed under it on a static page; the pages further down the tree list the rest. */
export const STATIC_TREE_ROWS = 100;

const STATUS_ORDER: ReadonlyArray<RunStatus | "ABANDONED"> = ["RUNNING", "FINISHED", "FAILED", "KILLED", "ABANDONED"];

export function statusCounts(record: ExperimentRecord): StatusCount[] {
  return STATUS_ORDER.flatMap((label) => {
    const count = record.statusCounts[label] ?? 0;
    if (count === 0) return [];
    const view = label === "ABANDONED" ? statusView({ status: "RUNNING", abandoned: true }) : statusView({ status: label, abandoned: false });
    return [{ ...view, count }];
  });
}

/** Page links around `current`: first, last, and two either side, with gaps (`null`) between. */
export function pagerItems(current: number, pages: number): number[] {
  const wanted = new Set([1, pages]);
  for (let n = current - 2; n <= current + 2; n++) if (n >= 1 && n <= pages) wanted.add(n);
  return [...wanted].sort((a, b) => a - b);
}

function pager(slug: string, current: number, pages: number): Pager | null {
  if (pages <= 1) return null;
  const from = sitePath.experiment(slug, current);
  const link = (n: number) => href(from, sitePath.experiment(slug, n));
  const items: PagerItem[] = [];
  let previous = 0;
  for (const n of pagerItems(current, pages)) {
    if (n > previous + 1) items.push({ page: null, href: "", current: false });
    items.push({ page: n, href: link(n), current: n === current });
    previous = n;
  }
  return {
    items,
    prevHref: current > 1 ? link(current - 1) : "",
    nextHref: current < pages ? link(current + 1) : "",
  };
}

export function experimentPageCount(entry: ExperimentEntry, pageSize: number): number {
  return Math.max(1, Math.ceil(entry.forest.roots.length / pageSize));
}

/** Page `page` (1-based) of the experiment's runs table. */
export function planExperimentPage(
  entry: ExperimentEntry,
  page: number,
  pageSize: number,
  siteTitle: string,
  base: BaseView | null = null,
  objective: Objective | null = null,
): ExperimentPageModel {
  const path = sitePath.experiment(entry.slug, page);
  const pages = experimentPageCount(entry, pageSize);
  const roots = entry.forest.roots;
  const first = (page - 1) * pageSize;
  const tops = roots.slice(first, first + pageSize);
  const { record } = entry;
  const name = record.name;
  return {
    page: PageKind.Experiment,
    title: `${name}${pages > 1 ? ` (page ${page})` : ""} · ${siteTitle}`,
    siteTitle,
    homeHref: href(path, sitePath.index),
    cssHref: href(path, sitePath.asset("report.css")),
    breadcrumb: [{ text: name, href: "" }],
    scripts: [href(path, sitePath.experimentData(entry.slug)), href(path, sitePath.asset("report.js"))],
    compareHref: href(path, sitePath.compare),
    name,
    description: record.description ?? "",
    tags: Object.keys(record.tags)
      .sort(compareKeys)
      .map((key) => ({ key, value: record.tags[key] ?? "", title: "" })),
    runCount: record.runCount,
    rootCount: roots.length,
    statuses: statusCounts(record),
    range: pages > 1 ? `Top-level runs ${first + 1}–${first + tops.length} of ${roots.length}` : "",
    table: runsTable(tops, entry.forest.childrenOf, path, { treeLimit: STATIC_TREE_ROWS, base, objective }),
    pager: pager(entry.slug, page, pages),
    deletedCount: entry.deletedRuns.length,
    deletedHref: entry.deletedRuns.length > 0 ? href(path, sitePath.deletedRuns(entry.slug)) : "",
  };
}

/** The experiment's deleted runs, nested as they were, each tree cut like a static page's. */
export function planDeletedPage(entry: ExperimentEntry, siteTitle: string, base: BaseView | null = null): DeletedPageModel {
  const path = sitePath.deletedRuns(entry.slug);
  const name = entry.record.name;
  const activeHref = href(path, sitePath.experiment(entry.slug));
  return {
    page: PageKind.Deleted,
    title: `Deleted runs · ${name} · ${siteTitle}`,
    siteTitle,
    homeHref: href(path, sitePath.index),
    cssHref: href(path, sitePath.asset("report.css")),
    breadcrumb: [{ text: name, href: activeHref }, { text: "Deleted runs", href: "" }],
    scripts: [href(path, sitePath.asset("report.js"))],
    name,
    deletedCount: entry.deletedRuns.length,
    activeCount: entry.record.runCount,
    activeHref,
    table: runsTable(entry.deleted.roots, entry.deleted.childrenOf, path, { treeLimit: STATIC_TREE_ROWS, base }),
  };
}

/** `data.js` and the slices of the experiment's runs, links relative to the experiment's pages. */
export function planExperimentData(entry: ExperimentEntry, base: BaseView | null = null, objective: Objective | null = null): PlannedRunData {
  const from = sitePath.experiment(entry.slug);
  const since = base && { commit: base.commit, short: base.short, isNew: (run: RunRecord) => isNewSince(base, run) };
  const input = { name: entry.record.name, runs: entry.runs, forest: entry.forest, base: since, objective };
  return planRunData(input, (run) => href(from, sitePath.run(run.id)));
}
