/**
 * An experiment's pages: the runs table split into static pages of `pageSize` top-level runs (each with all
 * its descendants, so a tree is never cut), and `data.js` with every run for the browser script.
 */
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { RunRecord } from "../model/run-record.js";
import type { RunForest } from "../model/tree.js";
import type { RunStatus } from "../format/records.js";
import { compareKeys } from "../format/stable-json.js";
import { experimentData } from "./client-data.js";
import { href, sitePath } from "./links.js";
import { PageKind, type ExperimentPageModel, type Pager, type PagerItem, type StatusCount } from "./page-models.js";
import { runsTable, statusView } from "./rows.js";

/** One experiment as the site shows it (after `--experiment` and `--filter`). */
export interface ExperimentEntry {
  readonly record: ExperimentRecord;
  readonly slug: string;
  /** Start order, then id. */
  readonly runs: readonly RunRecord[];
  readonly forest: RunForest<RunRecord>;
}

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
    name,
    description: record.description ?? "",
    tags: Object.keys(record.tags)
      .sort(compareKeys)
      .map((key) => ({ key, value: record.tags[key] ?? "", title: "" })),
    runCount: record.runCount,
    rootCount: roots.length,
    statuses: statusCounts(record),
    range: pages > 1 ? `Top-level runs ${first + 1}–${first + tops.length} of ${roots.length}` : "",
    table: runsTable(tops, entry.forest.childrenOf, path),
    pager: pager(entry.slug, page, pages),
  };
}

/** The content of `data.js`: every run of the experiment, links relative to the experiment's pages. */
export function planExperimentData(entry: ExperimentEntry) {
  const from = sitePath.experiment(entry.slug);
  return experimentData(entry.record.name, entry.runs, (run) => href(from, sitePath.run(run.id)));
}
