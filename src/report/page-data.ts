/**
 * The data the static pages hand to the browser script (src/client). This file is the contract between
 * the report builder (which writes it) and the client (which reads it); both import these types.
 * Numbers that may be NaN or infinite travel as `EncodedNumber` (JSON has no literal for them).
 *
 * Site layout (every link relative):
 *   index.html                          experiments
 *   problems.html                       files that could not be read
 *   assets/report.js, assets/report.css
 *   experiments/<slug>/index.html       runs table (server-rendered rows work without JS)
 *   experiments/<slug>/data.js          `window.__RUNTREE_EXPERIMENT__ = JSON.parse('<ExperimentData>');`
 *   experiments/<slug>/runs-<k>.js      `(window.__RUNTREE_SLICES__ = window.__RUNTREE_SLICES__ || []).push(JSON.parse('<RunSlice>'));`
 *   runs/<run id>/index.html            run page (+ sweep view when the run has children)
 *   runs/<run id>/history/<k>-<c>.js    chunk c of the full history of the run's k-th metric (sorted keys), for
 *                                       zooming; only for histories too long to embed whole
 *   runs/<run id>/curves/<k>.js         a sweep's children's downsampled curves of its k-th curve metric
 *   runs/<run id>/summary.js            the run as the compare page shows it (`RunSummary`)
 *   compare.html                        compares the runs named in its hash (`#runs=<id>,<id>,...`)
 *   runs/<run id>/artifacts/<path>      copied artifacts
 *   version.js, <page>.live.js          only in a `report --watch` build: the token pages poll, and each page's
 *                                       changing parts (`LivePage`, see live-pages.ts)
 *
 * Run pages embed their `RunPageData` as `<script type="application/json" id="runtree-run">`. The history and
 * curves files are classic scripts (file:// cannot fetch) of one statement,
 * `__RUNTREE_CHUNK__(<src>, JSON.parse('<data>'))` (see chunk-script.ts):
 * the page injects a script element when it needs one, and the call hands the data to the page's script.
 *
 * An experiment's runs are numbered depth first (each top-level run, in start order, followed by its
 * descendants, siblings in start order), so every run's tree is one contiguous range of numbers. The
 * numbers are cut into slices: slice 0 travels in `data.js` and holds at least the first page of top-level
 * runs with their trees (when they fit), so the page shows and expands them without loading anything
 * else; the browser loads the other slices by script tag (file:// cannot fetch) when they are needed: to
 * expand a tree, to page, sort or filter.
 */
import type { EncodedNumber } from "../format/metric-value.js";
import type { ParamValue, RunStatus } from "../format/records.js";

export interface ClientRun {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly status: RunStatus;
  readonly abandoned: boolean;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Latest value per key. */
  readonly metrics: Readonly<Record<string, EncodedNumber>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Link to the run page, relative to the page that embeds the data. */
  readonly href: string;
}

/** Top-level runs per page of the interactive table (slice 0 holds the first page's trees). */
export const INTERACTIVE_PAGE_SIZE = 100;

/** How slices code a run's status: an index into this list (ABANDONED: RUNNING, but its process is gone). */
export const STATUS_CODES = ["RUNNING", "FINISHED", "FAILED", "KILLED", "ABANDONED"] as const;

/**
 * One key's values over the runs of a slice. Dense (`at` absent): one entry per run of the slice, `null`
 * where the run lacks the key. Sparse: `at` lists the positions (within the slice) of the runs that have
 * the key, as the first position then the gaps between them, and the values follow that order. Values
 * repeated often are coded: each entry is then an index into `dict`.
 */
export type Column<V> =
  | { readonly at?: readonly number[]; readonly values: readonly (V | null)[] }
  | { readonly at?: readonly number[]; readonly dict: readonly V[]; readonly codes: readonly (number | null)[] };

/** A run of consecutive run numbers, column by column. */
export interface RunSlice {
  /** Number of the slice's first run. */
  readonly start: number;
  readonly ids: readonly string[];
  /** As recorded; empty when the run has none. */
  readonly names: readonly string[];
  /**
   * How many numbers back the parent is (a positive integer); for a top-level run, null, or the parent id
   * it records when that run is not in this experiment's tree (a parent elsewhere, or a cycle).
   */
  readonly parents: readonly (number | string | null)[];
  /** 0 for top-level runs. */
  readonly depths: readonly number[];
  /** Number of direct children. */
  readonly children: readonly number[];
  /** Indexes into `STATUS_CODES`. */
  readonly statuses: readonly number[];
  /** Start times: the first in full, then each as the difference to the one before. */
  readonly starts: readonly number[];
  /** End minus start, or null for a run without an end. */
  readonly durations: readonly (number | null)[];
  /** Aligned with `ExperimentData.paramKeys` (and metric, tag keys); null where no run of the slice has the key. */
  readonly params: readonly (Column<ParamValue> | null)[];
  /** Latest value per key. */
  readonly metrics: readonly (Column<EncodedNumber> | null)[];
  readonly tags: readonly (Column<string> | null)[];
  /** Links to run pages that are not `../../runs/<id>/index.html` (ids that are not 32 hex digits); null when none. */
  readonly hrefs: Column<string> | null;
  /** Index into `ExperimentData.commits` of the commit each run records; null when no run of the slice records one. */
  readonly commits: Column<number> | null;
  /** `true` for the runs added since `ExperimentData.base`; null when the slice has none. */
  readonly added: Column<boolean> | null;
  /** Parents with an objective and a best child by it (null when the slice has none). */
  readonly bests: ParentBests | null;
  /**
   * Runs with children: how many direct children are in each status, the counts in `STATUS_CODES` order
   * joined by commas ("0,4,1,0,0"); null when no run of the slice has children.
   */
  readonly childStatuses: Column<string> | null;
}

/** A slice's parents' best children: for each such parent, the objective and the best child's value and name. */
export interface ParentBests {
  /** The objective's metric, as an index into `ExperimentData.metricKeys`: the column the value shows in. */
  readonly metric: Column<number>;
  readonly goal: Column<"min" | "max">;
  readonly value: Column<EncodedNumber>;
  /** The best child's name as recorded (empty when it has none); null when none has a name. */
  readonly name: Column<string> | null;
  /** `true` where it is the parent's recorded best (no child in the report has the metric). */
  readonly recorded: Column<boolean> | null;
}

/** A commit runs were made from, as the runs tables show it. */
export interface CommitCell {
  /** The full commit id. */
  readonly commit: string;
  /** The working tree had uncommitted changes when the run started. */
  readonly dirty: boolean;
  /** Empty when not recorded (a detached HEAD). */
  readonly branch: string;
  /** The commit's page on a known forge, or empty (see commit-link.ts). */
  readonly url: string;
}

export interface ExperimentData {
  readonly name: string;
  /** Sorted key lists: the table's possible columns. */
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  readonly tagKeys: readonly string[];
  readonly runCount: number;
  /** Per top-level run, in start order: how many runs its tree holds (itself and every descendant). */
  readonly trees: readonly number[];
  /** Number of the first run of each slice; slice k > 0 is in `runs-<k>.js`. */
  readonly slices: readonly number[];
  /** Slice 0. */
  readonly first: RunSlice;
  /** The commits the runs record, each once, in run order; slices refer to them by index. */
  readonly commits: readonly CommitCell[];
  /** `report --base <rev>`: the commit whose runs are not new; null without `--base`. */
  readonly base: { readonly commit: string; readonly short: string } | null;
}

/** The global function history and curves files call. */
export const CHUNK_CALLBACK = "__RUNTREE_CHUNK__";

/** `version.js` calls it with the build's token: `__RUNTREE_VERSION__("<token>")`. */
export const VERSION_CALLBACK = "__RUNTREE_VERSION__";
/** A page's `.live.js` calls it with its `LivePage`. */
export const PAGE_CALLBACK = "__RUNTREE_LIVE_PAGE__";

/** What a page's `.live.js` hands over in a `report --watch` build. */
export interface LivePage {
  /** Changes exactly when the rest does. */
  readonly version: string;
  /** The page's title, as text. */
  readonly title: string;
  /** The inner HTML of `<main>`, as the builder rendered it (every user string escaped). */
  readonly main: string;
  /** The run page's data block (`#runtree-run`) as it is in the page, or "" when the page has none. */
  readonly json: string;
}

/**
 * Points of a chart, sorted by (x, time), compact: `x` holds differences (each entry minus the one before,
 * the first from 0), `y` is base64 of the little-endian float64 values (NaN and ±Infinity included as they
 * are: JSON has no literal for them and a value printed in decimal takes twice the bytes).
 */
export interface PackedXY {
  readonly x: readonly number[];
  readonly y: string;
}

/** With each point's timestamp (ms since the epoch), delta-encoded like `x`. */
export interface PackedPoints extends PackedXY {
  readonly t: readonly number[];
}

/** One stretch of a long history, in a classic script beside the page (`__RUNTREE_CHUNK__(src, PackedPoints)`). */
export interface HistoryChunk {
  /** Relative to the run page. */
  readonly src: string;
  /** x of its first and last point (chunks are in x order and do not overlap). */
  readonly from: number;
  readonly to: number;
  /** Its earliest and latest timestamp (for zooming on a time axis). */
  readonly tMin: number;
  readonly tMax: number;
  readonly count: number;
}

/** What a run page's chart of one metric draws first, and where the rest of the history is. */
export interface ChartSeries {
  /** Points in the full history. */
  readonly count: number;
  /**
   * "step": x is the step. "point": every point was logged at the same step (`step`), so x is the logging
   * order (0, 1, ...), since a vertical stack of points says nothing.
   */
  readonly mode: XMode;
  readonly step: number;
  /** Extent of x over the full history. */
  readonly xMin: number;
  readonly xMax: number;
  /** 0 when `points` is the full history; else the M4 buckets `points` was reduced to (see model/downsample.ts). */
  readonly buckets: number;
  readonly points: PackedPoints;
  /** Non-finite values in the full history. */
  readonly nan: number;
  readonly posInf: number;
  readonly negInf: number;
  /** The full history, in x order; empty when `points` is all of it. */
  readonly chunks: readonly HistoryChunk[];
}

export type XMode = "step" | "point";

/** One child's curve in a sweep's overlay: its history reduced to the file's `buckets` (or whole). */
export interface OverlayCurve extends PackedXY {
  readonly count: number;
  readonly mode: XMode;
}

/** A sweep's curves of one metric, per child id (`__RUNTREE_CHUNK__(src, CurvesFile)`). */
export interface CurvesFile {
  readonly key: string;
  /** M4 buckets of each downsampled curve: fewer the more curves share the chart (report/overlay-budget.ts). */
  readonly buckets: number;
  readonly children: Readonly<Record<string, OverlayCurve>>;
}

export interface SweepData {
  readonly objective: { readonly metric: string; readonly goal: "min" | "max"; readonly declared: boolean } | null;
  /** Id of the best child by the objective, or null when no child has the metric. */
  readonly bestId: string | null;
  /** Direct children, in start order. */
  readonly children: readonly ClientRun[];
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  /** Per metric key with a curve in some child: the curves file (`CurvesFile`), relative to the page. */
  readonly curves: Readonly<Record<string, string>>;
  /** The children's image artifacts, to show one of them side by side; null when no child has an image. */
  readonly images: ChildImages | null;
}

/** Image artifacts of a sweep's children (those whose curves are drawn), links relative to the parent's page. */
export interface ChildImages {
  /** Every image artifact path some child has, sorted. */
  readonly paths: readonly string[];
  /** Per child id: per artifact path, the published file's link. */
  readonly children: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface RunPageData {
  readonly run: ClientRun;
  /** Per metric key, what its chart draws first (only a history of more than one point gets a chart). */
  readonly charts: Readonly<Record<string, ChartSeries>>;
  /** Present when the run has children. */
  readonly sweep: SweepData | null;
}
