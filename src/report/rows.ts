/**
 * The server-rendered runs tables (experiment pages, children of a run): the tree flattened depth first,
 * each row carrying the markup contract (`data-run-id`, `data-parent-id`, `data-depth`) and its cells
 * already formatted, so templates only print.
 */
import { own } from "../format/dictionary.js";
import type { RunRecord } from "../model/run-record.js";
import type { Objective, ParamValue } from "../format/records.js";
import { childStatusCounts, parentBest, SHOWN_STATUSES, type ParentBest } from "../model/children-summary.js";
import { keysOf } from "./client-data.js";
import { formatExact, formatNumber, formatParam, formatUtc, formatUtcShort, runDuration } from "./format.js";
import { isNewSince, type BaseView } from "./base-view.js";
import { commitCell, commitTitle } from "./commit-link.js";
import { href, sitePath } from "./links.js";
import { compareKeys } from "../format/stable-json.js";

export interface Cell {
  readonly text: string;
  /** The exact value, for a tooltip (empty when the text is exact). */
  readonly title: string;
  readonly numeric: boolean;
  /** In a parent's row, in its objective's column: the best child's name (the value is that child's); else empty. */
  readonly bestChild: string;
}

export interface StatusView {
  /** RUNNING, FINISHED, FAILED, KILLED or ABANDONED (a RUNNING run whose process is gone). */
  readonly label: string;
  readonly className: string;
}

export interface RunRow {
  readonly kind: "run";
  readonly id: string;
  /** The run's parent id as recorded, empty for a top-level run. */
  readonly parentId: string;
  /** Depth below the table's top level (0 for top-level rows). */
  readonly depth: number;
  readonly name: string;
  readonly href: string;
  readonly status: StatusView;
  readonly startIso: string;
  readonly start: string;
  readonly duration: string;
  readonly childCount: number;
  /** Its direct children per status, statuses without children left out; empty for a run without children. */
  readonly childStatuses: readonly ChildStatus[];
  readonly params: readonly Cell[];
  readonly metrics: readonly Cell[];
  /** Added since `report --base`: the row carries `data-new="true"` and a badge. */
  readonly isNew: boolean;
  /** The commit the run records, or null. */
  readonly commit: CommitView | null;
  /** When the run was deleted (its row carries `data-deleted="true"` and a badge), or empty for an active run. */
  readonly deleted: string;
}

export interface ChildStatus extends StatusView {
  readonly count: number;
}

/** The commit cell: the short id, a mark when the tree was dirty, the branch on hover, a forge link or none. */
export interface CommitView {
  readonly short: string;
  readonly dirty: boolean;
  readonly title: string;
  readonly url: string;
}

/** Stands for the descendants of a top-level run past the first ones: its own page lists them. */
export interface MoreRow {
  readonly kind: "more";
  readonly hidden: number;
  readonly name: string;
  readonly href: string;
}

export interface RunsTable {
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  /** Whether any row has a commit: the commit column is shown only then. */
  readonly commits: boolean;
  /** `report --base`: the short commit rows are new since, for the badge's title; empty without one. */
  readonly baseShort: string;
  readonly rows: ReadonlyArray<RunRow | MoreRow>;
}

export function statusView(run: Pick<RunRecord, "status" | "abandoned">): StatusView {
  const label = run.abandoned ? "ABANDONED" : run.status;
  return { label, className: `status-${label.toLowerCase()}` };
}

/** The name people see: a run without a name shows the start of its id. */
export function displayName(run: Pick<RunRecord, "id" | "name">): string {
  return run.name !== "" ? run.name : run.id.slice(0, 12);
}

const EMPTY: Cell = { text: "", title: "", numeric: false, bestChild: "" };

function paramCell(value: ParamValue | undefined): Cell {
  if (value === undefined) return EMPTY;
  const text = formatParam(value);
  const exact = typeof value === "number" ? formatExact(value) : String(value);
  return { text, title: exact === text ? "" : exact, numeric: typeof value === "number", bestChild: "" };
}

function metricCell(value: number | undefined): Cell {
  if (value === undefined) return EMPTY;
  const text = formatNumber(value);
  const exact = formatExact(value);
  return { text, title: exact === text ? "" : exact, numeric: true, bestChild: "" };
}

/**
 * The best child's value in its parent's row: marked as the child's, its name and the exact value on hover
 * (and the parent's own value of the metric, should it have logged one: the row shows its result instead).
 */
function bestCell(best: ParentBest, own: number | undefined): Cell {
  const name = displayName(best);
  const how = best.recorded ? "recorded best child" : `best child by ${best.goal} ${best.metric}`;
  const ownText = own === undefined ? "" : `; this run's own value: ${formatExact(own)}`;
  return { text: formatNumber(best.value), title: `${how}: ${name} (${formatExact(best.value)})${ownText}`, numeric: true, bestChild: name };
}

function childStatuses(children: readonly RunRecord[]): ChildStatus[] {
  const counts = childStatusCounts(children);
  return SHOWN_STATUSES.flatMap((label, i) => {
    const count = counts[i] ?? 0;
    return count === 0 ? [] : [{ ...statusView({ status: label === "ABANDONED" ? "RUNNING" : label, abandoned: label === "ABANDONED" }), count }];
  });
}

/** The runs below `tops` in display order: each run followed by its descendants, siblings in start order. */
export function depthFirst<R extends { readonly id: string }>(
  tops: readonly R[],
  childrenOf: ReadonlyMap<string, readonly R[]>,
): Array<{ run: R; depth: number }> {
  const out: Array<{ run: R; depth: number }> = [];
  // An explicit stack: a hand-made store may hold very deep chains, deeper than the call stack.
  const stack: Array<{ run: R; depth: number }> = [...tops].reverse().map((run) => ({ run, depth: 0 }));
  while (stack.length > 0) {
    const entry = stack.pop()!;
    out.push(entry);
    const children = childrenOf.get(entry.run.id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ run: children[i]!, depth: entry.depth + 1 });
  }
  return out;
}

export interface TableOptions {
  /** Descendants listed under each top-level run (default: all). */
  readonly treeLimit?: number;
  /** `report --base`, to mark the runs new since. */
  readonly base?: BaseView | null;
  /** `--objective`: for parents that declare none. */
  readonly objective?: Objective | null;
}

/**
 * A runs table as seen from site page `page`: `tops` and their descendants, at most `treeLimit` under each
 * (then a row saying how many more there are, linking to the top run's page), with a column per param and
 * metric key any of the rows has. The limit keeps a page of a sweep of 100,000 trials a page. A parent
 * row shows its best child's value in its objective's column, and its children's status counts.
 */
export function runsTable(
  tops: readonly RunRecord[],
  childrenOf: ReadonlyMap<string, readonly RunRecord[]>,
  page: string,
  options: TableOptions = {},
): RunsTable {
  const { treeLimit = Infinity, base = null, objective = null } = options;
  const entries: Array<{ run: RunRecord; depth: number } | MoreRow> = [];
  for (const top of tops) {
    const tree = depthFirst([top], childrenOf);
    const shown = Math.min(tree.length, treeLimit + 1);
    for (let i = 0; i < shown; i++) entries.push(tree[i]!);
    if (shown < tree.length) entries.push({ kind: "more", hidden: tree.length - shown, name: displayName(top), href: href(page, sitePath.run(top.id)) });
  }
  const runs = entries.flatMap((entry) => ("run" in entry ? [entry.run] : []));
  const bests = new Map<string, ParentBest>();
  for (const run of runs) {
    const best = parentBest(run, childrenOf.get(run.id) ?? [], objective);
    if (best) bests.set(run.id, best);
  }
  // A parent's objective gets its column even when no row shown has the metric itself (a recorded best).
  const metricKeys = [...new Set([...keysOf(runs, "metrics"), ...[...bests.values()].map((best) => best.metric)])].sort(compareKeys);
  const columns = { paramKeys: keysOf(runs, "params"), metricKeys };
  const rows = entries.map((entry) => ("run" in entry ? runRow(entry.run, entry.depth, columns, { childrenOf, page, base, best: bests.get(entry.run.id) ?? null }) : entry));
  const commits = rows.some((row) => row.kind === "run" && row.commit !== null);
  return { ...columns, commits, baseShort: base?.short ?? "", rows };
}

interface RowContext {
  readonly childrenOf: ReadonlyMap<string, readonly RunRecord[]>;
  readonly page: string;
  readonly base: BaseView | null;
  readonly best: ParentBest | null;
}

function runRow(
  run: RunRecord,
  depth: number,
  columns: { readonly paramKeys: readonly string[]; readonly metricKeys: readonly string[] },
  { childrenOf, page, base, best }: RowContext,
): RunRow {
  const cell = commitCell(run.source);
  const children = childrenOf.get(run.id) ?? [];
  return {
    kind: "run",
    id: run.id,
    parentId: run.parentId ?? "",
    depth,
    name: displayName(run),
    href: href(page, sitePath.run(run.id)),
    status: statusView(run),
    startIso: formatUtc(run.startTime),
    start: formatUtcShort(run.startTime),
    duration: runDuration(run),
    childCount: children.length,
    childStatuses: childStatuses(children),
    // The columns are every run's keys; each row reads only its own (a run without "constructor" has none).
    params: columns.paramKeys.map((key) => paramCell(own(run.params, key))),
    metrics: columns.metricKeys.map((key) => (best?.metric === key ? bestCell(best, own(run.metrics, key)) : metricCell(own(run.metrics, key)))),
    isNew: isNewSince(base, run),
    deleted: run.deleted ? formatUtcShort(run.deleted.time) : "",
    commit: cell && { short: cell.commit.slice(0, 7), dirty: cell.dirty, title: commitTitle(cell), url: cell.url },
  };
}
