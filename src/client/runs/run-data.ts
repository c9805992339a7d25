/**
 * An experiment's runs in the browser, kept column by column as the builder wrote them (page-data.ts):
 * per-run facts in typed arrays indexed by run number, key columns per slice, looked up in place. Nothing is
 * turned into one object per run, which is what keeps 100,000 runs within a few tens of megabytes of heap.
 * Slices arrive in any order (slice 0 with the page, others as they are loaded); a run's facts are readable
 * once its slice is in. Pure: no DOM, so the node tests use it as the page does.
 */
import { decodeNumber, type EncodedNumber } from "../../format/metric-value.js";
import type { ParamValue, RunStatus } from "../../format/records.js";
import { STATUS_CODES, type CommitCell, type ExperimentData, type RunSlice } from "../../report/page-data.js";
import { entryOf, keyColumn, type KeyColumn } from "./key-column.js";
import { bestAt, childStatusesAt, loadParents, type LoadedParents, type ShownBest } from "./parent-results.js";

interface LoadedSlice {
  readonly start: number;
  readonly params: ReadonlyArray<KeyColumn<ParamValue> | null>;
  readonly metrics: ReadonlyArray<KeyColumn<EncodedNumber> | null>;
  readonly tags: ReadonlyArray<KeyColumn<string> | null>;
  readonly hrefs: KeyColumn<string> | null;
  readonly commits: KeyColumn<number> | null;
  readonly added: KeyColumn<boolean> | null;
  readonly parents: LoadedParents;
}

export class RunData {
  readonly experiment: string;
  readonly count: number;
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  readonly tagKeys: readonly string[];
  /** `report --base`: the commit runs are new since; null without one. */
  readonly base: { readonly commit: string; readonly short: string } | null;
  /** Whether any run records a commit (the table then has a commit column). */
  readonly hasCommits: boolean;
  private readonly commitCells: readonly CommitCell[];
  /** Number of each top-level run, in start order, and the size of its tree (itself and its descendants). */
  readonly roots: Int32Array;
  readonly treeSizes: readonly number[];
  /** First run number of each slice. */
  readonly sliceStarts: readonly number[];
  private readonly slices: Array<LoadedSlice | undefined>;
  private readonly sliceOfRun: Uint16Array;
  private readonly ids: string[];
  private readonly names: string[];
  private readonly parents: Int32Array;
  /** Recorded parent ids of top-level runs whose parent is not in the tree. */
  private readonly foreignParents = new Map<number, string>();
  private readonly depths: Int32Array;
  private readonly childCounts: Int32Array;
  private readonly statuses: Uint8Array;
  private readonly starts: Float64Array;
  /** NaN: no end. */
  private readonly ends: Float64Array;
  private readonly byId = new Map<string, number>();
  private loadedRuns = 0;

  constructor(data: ExperimentData) {
    this.experiment = data.name;
    this.count = data.runCount;
    this.paramKeys = data.paramKeys;
    this.metricKeys = data.metricKeys;
    this.tagKeys = data.tagKeys;
    this.base = data.base;
    this.commitCells = data.commits;
    this.hasCommits = data.commits.length > 0;
    this.treeSizes = data.trees;
    this.roots = new Int32Array(data.trees.length);
    let at = 0;
    data.trees.forEach((size, r) => {
      this.roots[r] = at;
      at += size;
    });
    this.sliceStarts = data.slices;
    this.slices = data.slices.map(() => undefined);
    this.sliceOfRun = new Uint16Array(this.count);
    data.slices.forEach((start, k) => this.sliceOfRun.fill(k, start, data.slices[k + 1] ?? this.count));
    // Holes until a slice fills them (reads say ""): filling 100,000 entries up front costs a frame.
    this.ids = new Array<string>(this.count);
    this.names = new Array<string>(this.count);
    this.parents = new Int32Array(this.count).fill(-1);
    this.depths = new Int32Array(this.count);
    this.childCounts = new Int32Array(this.count);
    this.statuses = new Uint8Array(this.count);
    this.starts = new Float64Array(this.count);
    this.ends = new Float64Array(this.count);
    this.add(data.first);
  }

  get sliceCount(): number {
    return this.sliceStarts.length;
  }

  /** Slice number of the slice that starts at run `start`, or -1. */
  sliceStartingAt(start: number): number {
    return this.sliceStarts.indexOf(start);
  }

  sliceOf(run: number): number {
    return this.sliceOfRun[run] ?? 0;
  }

  isSliceLoaded(k: number): boolean {
    return this.slices[k] !== undefined;
  }

  get complete(): boolean {
    return this.loadedRuns === this.count;
  }

  get loaded(): number {
    return this.loadedRuns;
  }

  /** Takes in a slice (a repeated one is ignored); returns its number. */
  add(slice: RunSlice): number {
    const k = this.sliceStartingAt(slice.start);
    if (k < 0 || this.slices[k] !== undefined) return k;
    const { start } = slice;
    let time = 0;
    slice.ids.forEach((id, n) => {
      const i = start + n;
      this.ids[i] = id;
      if (!this.byId.has(id)) this.byId.set(id, i);
      this.names[i] = slice.names[n] ?? "";
      const parent = slice.parents[n];
      if (typeof parent === "number") this.parents[i] = i - parent;
      else if (typeof parent === "string") this.foreignParents.set(i, parent);
      this.depths[i] = slice.depths[n] ?? 0;
      this.childCounts[i] = slice.children[n] ?? 0;
      this.statuses[i] = slice.statuses[n] ?? 0;
      time = n === 0 ? (slice.starts[0] ?? 0) : time + (slice.starts[n] ?? 0);
      this.starts[i] = time;
      const duration = slice.durations[n];
      this.ends[i] = duration === null || duration === undefined ? NaN : time + duration;
    });
    this.slices[k] = {
      start,
      params: slice.params.map(keyColumn),
      metrics: slice.metrics.map(keyColumn),
      tags: slice.tags.map(keyColumn),
      hrefs: keyColumn(slice.hrefs),
      commits: keyColumn(slice.commits),
      added: keyColumn(slice.added),
      parents: loadParents(slice.bests, slice.childStatuses),
    };
    this.loadedRuns += slice.ids.length;
    return k;
  }

  isLoaded(run: number): boolean {
    return this.slices[this.sliceOf(run)] !== undefined;
  }

  /** Run number of a loaded run by id. */
  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  id(run: number): string {
    return this.ids[run] ?? "";
  }

  name(run: number): string {
    return this.names[run] ?? "";
  }

  /** Number of the parent in the tree, or -1 for a top-level run. */
  parent(run: number): number {
    return this.parents[run] ?? -1;
  }

  /** The parent id the run records (also for a top-level run whose parent is elsewhere), or null. */
  parentId(run: number): string | null {
    const parent = this.parent(run);
    return parent >= 0 ? this.id(parent) : (this.foreignParents.get(run) ?? null);
  }

  depth(run: number): number {
    return this.depths[run] ?? 0;
  }

  childCount(run: number): number {
    return this.childCounts[run] ?? 0;
  }

  /** The status as stored (an abandoned run is RUNNING). */
  status(run: number): RunStatus {
    const code = STATUS_CODES[this.statuses[run] ?? 0] ?? "RUNNING";
    return code === "ABANDONED" ? "RUNNING" : code;
  }

  abandoned(run: number): boolean {
    return STATUS_CODES[this.statuses[run] ?? 0] === "ABANDONED";
  }

  /** The status the table shows: ABANDONED for a RUNNING run whose process is gone. */
  displayStatus(run: number): string {
    return STATUS_CODES[this.statuses[run] ?? 0] ?? "RUNNING";
  }

  startTime(run: number): number {
    return this.starts[run] ?? 0;
  }

  endTime(run: number): number | null {
    const end = this.ends[run] ?? NaN;
    return Number.isNaN(end) ? null : end;
  }

  /** Milliseconds from start to end; null while the run has no end. */
  duration(run: number): number | null {
    const end = this.endTime(run);
    return end === null ? null : end - this.startTime(run);
  }

  /** Link to the run's page from the experiment page. */
  href(run: number): string {
    const slice = this.slices[this.sliceOf(run)];
    return (slice && entryOf(slice.hrefs, run - slice.start)) ?? `../../runs/${this.id(run)}/index.html`;
  }

  /** The git commit the run recorded at its start (full id), if any. */
  commit(run: number): string | undefined {
    return this.commitCell(run)?.commit;
  }

  /** The run's value of param `key` (by its index in `paramKeys`). */
  param(key: number, run: number): ParamValue | undefined {
    const slice = this.slices[this.sliceOf(run)];
    return slice && entryOf(slice.params[key], run - slice.start);
  }

  /** The run's latest value of metric `key`, decoded (NaN and the infinities are numbers again). */
  metric(key: number, run: number): number | undefined {
    const slice = this.slices[this.sliceOf(run)];
    const value = slice && entryOf(slice.metrics[key], run - slice.start);
    return value === undefined ? undefined : decodeNumber(value);
  }

  /** The value a row shows in metric column `key`: a parent's best child's in its objective's column, else its own. */
  shownMetric(key: number, run: number): number | undefined {
    const best = this.best(run);
    return best !== undefined && best.metric === key ? best.value : this.metric(key, run);
  }

  /** A parent's best child by its objective, or undefined. */
  best(run: number): ShownBest | undefined {
    const slice = this.slices[this.sliceOf(run)];
    return slice && bestAt(slice.parents, run - slice.start);
  }

  /** How many direct children are in each status (`STATUS_CODES` order); undefined for a run without children. */
  childStatuses(run: number): number[] | undefined {
    const slice = this.slices[this.sliceOf(run)];
    return slice && childStatusesAt(slice.parents, run - slice.start);
  }

  tag(key: number, run: number): string | undefined {
    const slice = this.slices[this.sliceOf(run)];
    return slice && entryOf(slice.tags[key], run - slice.start);
  }

  /** The commit the run records as the commit column shows it (dirty, branch, link), or undefined. */
  commitCell(run: number): CommitCell | undefined {
    const n = this.commitNumber(run);
    return n === undefined ? undefined : this.commitCells[n];
  }

  /** Whether the run was added since `base` (false without a base). */
  isNew(run: number): boolean {
    const slice = this.slices[this.sliceOf(run)];
    return slice !== undefined && entryOf(slice.added, run - slice.start) === true;
  }

  private commitNumber(run: number): number | undefined {
    const slice = this.slices[this.sliceOf(run)];
    return slice && entryOf(slice.commits, run - slice.start);
  }
}
