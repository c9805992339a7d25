/**
 * An experiment's runs as the browser loads them: numbered depth first and cut into slices (the layout is
 * described in page-data.ts). Slice 0 goes into `data.js` with the experiment's key lists and tree sizes;
 * it ends after the trees of the first page of top-level runs, so the page shows and expands those at once,
 * or after `SLICE_RUNS` runs when those trees are bigger. Every other slice holds `SLICE_RUNS` runs and is
 * loaded by the page when needed. At 100,000 runs the experiment page reads one small file before it can
 * show its first page, instead of every run.
 */
import { STATUS_CODES, INTERACTIVE_PAGE_SIZE, type CommitCell, type ExperimentData, type RunSlice } from "./page-data.js";
import type { RunRecord } from "../model/run-record.js";
import type { RunForest } from "../model/tree.js";
import { own } from "../format/dictionary.js";
import { encodeNumber } from "../format/metric-value.js";
import { encodeColumn } from "./column-encoding.js";
import { commitCell } from "./commit-link.js";
import { keysOf } from "./client-data.js";
import { depthFirst } from "./rows.js";
import { bestColumns, childStatusColumn, type ParentFacts } from "./parent-columns.js";
import { parentBest, type ParentBest } from "../model/children-summary.js";
import type { Objective } from "../format/records.js";
import { compareKeys } from "../format/stable-json.js";

/** Runs per slice: small enough to parse within a frame or two, few enough files for a big experiment. */
export const SLICE_RUNS = 5000;

export interface PlannedRunData {
  readonly data: ExperimentData;
  /** Slices 1..n-1, for `runs-<k>.js`. */
  readonly slices: readonly RunSlice[];
}

/** What the browser is told of a run. */
export type SliceRun = Pick<RunRecord, "id" | "name" | "parentId" | "status" | "abandoned" | "startTime" | "endTime" | "params" | "metrics" | "tags"> &
  Partial<Pick<RunRecord, "source" | "objective" | "bestChild">>;

/** An experiment's runs as the plan has them: every run, and the tree they form. */
export interface RunDataInput<R extends SliceRun> {
  readonly name: string;
  readonly runs: readonly R[];
  readonly forest: RunForest<R>;
  /** `report --base`: its commit, and whether a run is new since it. */
  readonly base?: { readonly commit: string; readonly short: string; readonly isNew: (run: R) => boolean } | null;
  /** `--objective`: for parents that declare none. */
  readonly objective?: Objective | null;
}

export interface SliceSizes {
  /** Runs per slice. */
  readonly sliceRuns: number;
  /** Top-level runs whose trees slice 0 should hold (the interactive table's first page). */
  readonly firstPage: number;
}

const DEFAULT_SIZES: SliceSizes = { sliceRuns: SLICE_RUNS, firstPage: INTERACTIVE_PAGE_SIZE };

interface Numbered<R extends SliceRun = SliceRun> {
  readonly run: R;
  readonly depth: number;
  /** Number of the parent run, or -1 for a top-level run. */
  readonly parent: number;
  readonly children: number;
}

/** The runs depth first, each with its parent's number; and the size of each top-level run's tree. */
function number<R extends SliceRun>(forest: RunForest<R>): { runs: Array<Numbered<R>>; trees: number[] } {
  const { roots, childrenOf } = forest;
  const ordered = depthFirst(roots, childrenOf);
  const runs: Array<Numbered<R>> = [];
  const trees: number[] = [];
  // The latest run seen at each depth: a run's parent is the latest one a level up (depth-first order).
  const lastAt: number[] = [];
  ordered.forEach(({ run, depth }, n) => {
    lastAt[depth] = n;
    if (depth === 0) trees.push(0);
    trees[trees.length - 1]! += 1;
    runs.push({ run, depth, parent: depth === 0 ? -1 : lastAt[depth - 1]!, children: childrenOf.get(run.id)?.length ?? 0 });
  });
  return { runs, trees };
}

/** First run number of each slice. */
function sliceStarts(runCount: number, trees: readonly number[], sizes: SliceSizes): number[] {
  const firstPage = trees.slice(0, sizes.firstPage).reduce((sum, size) => sum + size, 0);
  const starts = [0];
  for (let next = Math.max(1, Math.min(firstPage, sizes.sliceRuns)); next < runCount; next += sizes.sliceRuns) starts.push(next);
  return starts;
}

/** What a slice says of each run beyond its own fields: its link, its commit's number, whether it is new. */
interface RunFacts<R extends SliceRun> {
  /** The run's link from the experiment page; only links that are not the usual one are written. */
  readonly href: (run: R) => string;
  readonly commit: (run: R) => number | undefined;
  readonly isNew: (run: R) => boolean;
  /** Its best child and its children, for a parent's row. */
  readonly parent: (run: R) => ParentFacts;
}

function slice<R extends SliceRun>(runs: ReadonlyArray<Numbered<R>>, start: number, keys: KeyLists, facts: RunFacts<R>): RunSlice {
  const runAt = (i: number): R => runs[i]!.run;
  // Only keys some run of the slice has are looked at: an experiment may have hundreds of keys.
  const present = (field: "params" | "metrics" | "tags") => new Set(keysOf(runs.map((entry) => entry.run), field));
  const columns = <V extends string | number | boolean>(field: "params" | "metrics" | "tags", all: readonly string[], value: (run: R, key: string) => V | undefined) => {
    const here = present(field);
    return all.map((key) => (here.has(key) ? encodeColumn(runs.length, (i) => value(runAt(i), key)) : null));
  };
  return {
    start,
    ids: runs.map((entry) => entry.run.id),
    names: runs.map((entry) => entry.run.name),
    parents: runs.map((entry, i) => (entry.parent >= 0 ? start + i - entry.parent : entry.run.parentId)),
    depths: runs.map((entry) => entry.depth),
    children: runs.map((entry) => entry.children),
    statuses: runs.map(({ run }) => STATUS_CODES.indexOf(run.abandoned ? "ABANDONED" : run.status)),
    starts: runs.map(({ run }, i) => (i === 0 ? run.startTime : run.startTime - runAt(i - 1).startTime)),
    durations: runs.map(({ run }) => (run.endTime === null ? null : run.endTime - run.startTime)),
    params: columns("params", keys.paramKeys, (run, key) => own(run.params, key)),
    metrics: columns("metrics", keys.metricKeys, (run, key) => {
      const value = own(run.metrics, key);
      return value === undefined ? undefined : encodeNumber(value);
    }),
    tags: columns("tags", keys.tagKeys, (run, key) => own(run.tags, key)),
    hrefs: encodeColumn(runs.length, (i) => {
      const run = runAt(i);
      const link = facts.href(run);
      return link === `../../runs/${run.id}/index.html` ? undefined : link;
    }),
    commits: encodeColumn(runs.length, (i) => facts.commit(runAt(i))),
    added: encodeColumn(runs.length, (i) => (facts.isNew(runAt(i)) ? true : undefined)),
    bests: bestColumns(runs.length, (i) => facts.parent(runAt(i)), keys.metricKeys),
    childStatuses: childStatusColumn(runs.length, (i) => facts.parent(runAt(i))),
  };
}

interface KeyLists {
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  readonly tagKeys: readonly string[];
}

/** The distinct commits of the runs in run order, and each run's number among them. */
function commitTable(runs: readonly SliceRun[]): { cells: CommitCell[]; indexOf: Map<string, number> } {
  const cells: CommitCell[] = [];
  const numbers = new Map<string, number>();
  const indexOf = new Map<string, number>();
  for (const run of runs) {
    const cell = commitCell(run.source);
    if (cell === null) continue;
    const key = JSON.stringify([cell.commit, cell.dirty, cell.branch, cell.url]);
    let n = numbers.get(key);
    if (n === undefined) {
      n = cells.length;
      numbers.set(key, n);
      cells.push(cell);
    }
    indexOf.set(run.id, n);
  }
  return { cells, indexOf };
}

/**
 * `data.js` and the other slices of an experiment; `href` gives each run's link from the experiment page.
 *
 * @example planRunData({ name, runs, forest: buildForest(runs) }, (run) => `../../runs/${run.id}/index.html`)
 */
export function planRunData<R extends SliceRun>(input: RunDataInput<R>, href: (run: R) => string, sizes: SliceSizes = DEFAULT_SIZES): PlannedRunData {
  const { runs, trees } = number(input.forest);
  const childrenOf = input.forest.childrenOf;
  const bests = new Map<string, ParentBest>();
  for (const { run } of runs) {
    const children = childrenOf.get(run.id);
    const best = children ? parentBest(run, children, input.objective ?? null) : null;
    if (best) bests.set(run.id, best);
  }
  const keys: KeyLists = {
    paramKeys: keysOf(input.runs, "params"),
    // A recorded best child's metric gets a column even when no run shown has it.
    metricKeys: [...new Set([...keysOf(input.runs, "metrics"), ...[...bests.values()].map((best) => best.metric)])].sort(compareKeys),
    tagKeys: keysOf(input.runs, "tags"),
  };
  const starts = sliceStarts(runs.length, trees, sizes);
  const commits = commitTable(runs.map((entry) => entry.run));
  const base = input.base ?? null;
  const facts: RunFacts<R> = {
    href,
    commit: (run) => commits.indexOf.get(run.id),
    isNew: (run) => base !== null && base.isNew(run),
    parent: (run) => ({ best: bests.get(run.id) ?? null, children: childrenOf.get(run.id) ?? [] }),
  };
  const slices = starts.map((start, k) => slice(runs.slice(start, starts[k + 1] ?? runs.length), start, keys, facts));
  return {
    data: {
      name: input.name,
      ...keys,
      runCount: runs.length,
      trees,
      slices: starts,
      first: slices[0]!,
      commits: commits.cells,
      base: base && { commit: base.commit, short: base.short },
    },
    slices: slices.slice(1),
  };
}
