/**
 * A run's charts, read from its history in two streaming passes so memory does not grow with the history:
 * the first pass learns each metric's x extent and counts, the second reduces each metric to M4 buckets (one
 * set for the run's own page, a coarser one for its parent's overlay) and writes the full history beside the
 * page in chunks, for zooming. A history short enough to draw whole is embedded whole and gets no chunks.
 *
 * Memory: a block of the file, the buckets, and one chunk per metric, for a history logged in step order
 * (the writer's way). A metric logged out of step order is gathered in memory to be sorted (24 bytes a point).
 * An MLflow run's history (one file per metric) is read whole, as the MLflow reader does, unless the reader
 * kept what it read (history-shelf.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FILE } from "../format/records.js";
import { sortKeys } from "../format/stable-json.js";
import type { Histories, PackedHistories } from "../mlflow/history-shelf.js";
import { readAllMlflowMetricHistories } from "../mlflow/metric-history.js";
import { M4 } from "../model/downsample.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { streamMetricsFile, type OnPoint } from "../reader/metrics-stream.js";
import { packPoints, packXY } from "./pack.js";
import { chunkScript } from "./chunk-script.js";
import type { ChartSeries, HistoryChunk, OverlayCurve, XMode } from "./page-data.js";

/** Buckets of a run page's chart: about one per horizontal pixel of a wide chart. */
export const CHART_BUCKETS = 800;
/** Buckets of each child's curve on a sweep's overlay (200 curves share one chart). */
export const OVERLAY_BUCKETS = 250;
/** Points per history chunk file (about 400 KB). */
export const CHUNK_POINTS = 25_000;
/** A history with at most this many points per bucket count is kept whole: M4 would keep about as many. */
export const WHOLE_FACTOR = 4;

export interface RunCharts {
  /** Per metric key, in sorted order. */
  readonly series: ReadonlyMap<string, ChartSeries>;
  /** Per metric key with more than one point: the curve for a parent's overlay. */
  readonly overlay: ReadonlyMap<string, OverlayCurve>;
  /** Rough bytes held, for a cache's budget. */
  readonly size: number;
}

/** Writes a file of the run's folder in the site (`history/0-0.js`); the builder knows where that is. */
export type WriteRunFile = (relative: string, content: string) => void;

interface KeyStats {
  count: number;
  stepMin: number;
  stepMax: number;
  /** Every point came after the one before in (step, time) order. */
  sorted: boolean;
  lastStep: number;
  lastTime: number;
  nan: number;
  posInf: number;
  negInf: number;
}

/** Collects points as parallel arrays. */
class Gather {
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly t: number[] = [];
  readonly arrival: number[] = [];
  add(x: number, y: number, t: number, arrival: number): void {
    this.x.push(x);
    this.y.push(y);
    this.t.push(t);
    this.arrival.push(arrival);
  }
  /** Sorted by (x, t, arrival): the columns themselves when they came in that order (the usual case). */
  sorted(): { x: number[]; y: number[]; t: number[] } {
    if (this.#inOrder()) return { x: this.x, y: this.y, t: this.t };
    const order = this.x.map((_, i) => i);
    order.sort((a, b) => this.x[a]! - this.x[b]! || this.t[a]! - this.t[b]! || this.arrival[a]! - this.arrival[b]!);
    return { x: order.map((i) => this.x[i]!), y: order.map((i) => this.y[i]!), t: order.map((i) => this.t[i]!) };
  }
  /** Arrival order grows by one a point, so (x, t) not decreasing means sorted. */
  #inOrder(): boolean {
    const { x, t } = this;
    for (let i = 1; i < x.length; i++) {
      if (x[i]! < x[i - 1]! || (x[i] === x[i - 1] && t[i]! < t[i - 1]!)) return false;
    }
    return true;
  }
}

/** A metric reduced to `buckets` M4 buckets, or kept whole when it is short. */
class Reducer {
  readonly #whole: Gather | null;
  readonly #m4: M4 | null;
  constructor(readonly buckets: number, stats: KeyStats, xMin: number, xMax: number) {
    const whole = stats.count <= buckets * WHOLE_FACTOR;
    this.#whole = whole ? new Gather() : null;
    this.#m4 = whole ? null : new M4(buckets, xMin, xMax);
  }
  get downsampled(): boolean {
    return this.#m4 !== null;
  }
  add(x: number, y: number, t: number, arrival: number): void {
    if (this.#m4) this.#m4.add(x, y, t, arrival);
    else this.#whole?.add(x, y, t, arrival);
  }
  columns(): { x: number[]; y: number[]; t: number[] } {
    return this.#m4 ? this.#m4.columns() : (this.#whole ?? new Gather()).sorted();
  }
}

/** The full history of one metric, written in chunks of `CHUNK_POINTS` in x order. */
class Chunker {
  readonly chunks: HistoryChunk[] = [];
  // One chunk's columns, reused: a long history fills them hundreds of times.
  readonly #x = new Float64Array(CHUNK_POINTS);
  readonly #y = new Float64Array(CHUNK_POINTS);
  readonly #t = new Float64Array(CHUNK_POINTS);
  #length = 0;
  /** Out-of-order histories are gathered whole and chunked at the end. */
  readonly #all: Gather | null;
  constructor(private readonly index: number, sorted: boolean, private readonly write: WriteRunFile) {
    this.#all = sorted ? null : new Gather();
  }
  add(x: number, y: number, t: number, arrival: number): void {
    if (this.#all) return this.#all.add(x, y, t, arrival);
    const i = this.#length++;
    this.#x[i] = x;
    this.#y[i] = y;
    this.#t[i] = t;
    if (this.#length === CHUNK_POINTS) this.#flush();
  }
  finish(): HistoryChunk[] {
    if (this.#all) {
      const all = this.#all.sorted();
      for (let i = 0; i < all.x.length; i++) {
        const at = this.#length++;
        this.#x[at] = all.x[i]!;
        this.#y[at] = all.y[i]!;
        this.#t[at] = all.t[i]!;
        if (this.#length === CHUNK_POINTS) this.#flush();
      }
    }
    if (this.#length > 0) this.#flush();
    return this.chunks;
  }
  #flush(): void {
    const n = this.#length;
    const src = `history/${this.index}-${this.chunks.length}.js`;
    const points = packPoints(this.#x.subarray(0, n), this.#y.subarray(0, n), this.#t.subarray(0, n));
    this.write(src, chunkScript(src, points));
    let tMin = Infinity;
    let tMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = this.#t[i]!;
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
    this.chunks.push({ src, from: this.#x[0]!, to: this.#x[n - 1]!, tMin, tMax, count: n });
    this.#length = 0;
  }
}

type PointSource = (onPoint: OnPoint) => void;

/**
 * Where the run's points come from: an MLflow run's histories as its reader kept them, metrics.jsonl
 * streamed, or an MLflow run's files read whole.
 */
async function pointSource(run: RunRecord, problems: Problem[], kept: PackedHistories | undefined): Promise<PointSource> {
  if (kept) return packedPointsOf(kept);
  const file = join(run.dir, FILE.metrics);
  const display = `${run.experimentDir}/${run.id}/${FILE.metrics}`;
  if (existsSync(file) || !existsSync(join(run.dir, "metrics"))) {
    let first = true;
    return (onPoint) => {
      const found = streamMetricsFile(file, display, onPoint);
      if (first) problems.push(...found); // the second pass finds the same problems
      first = false;
    };
  }
  // The checks above are readMetricHistories' own: an MLflow run, read directly without asking again.
  return pointsOf(await readAllMlflowMetricHistories(run));
}

function pointsOf(histories: Histories): PointSource {
  return (onPoint) => {
    for (const [key, points] of histories) for (const p of points) onPoint(key, p.value, p.step, p.timestamp);
  };
}

/** The points of packed histories, straight from their numbers: no object per point. */
function packedPointsOf(histories: PackedHistories): PointSource {
  return (onPoint) => {
    for (const [key, numbers] of histories) {
      for (let n = 0; n < numbers.length; n += 3) onPoint(key, numbers[n + 1]!, numbers[n]!, numbers[n + 2]!);
    }
  };
}

/**
 * Reads the run's history and returns its charts; long histories' chunks go through `write`. Bad lines go
 * to `problems`. A run without metrics needs no read. `kept`: an MLflow run's histories, read already.
 */
export async function readRunCharts(run: RunRecord, write: WriteRunFile, problems: Problem[], kept?: PackedHistories): Promise<RunCharts> {
  if (Object.keys(run.metricSummaries).length === 0) return { series: new Map(), overlay: new Map(), size: 0 };
  const source = await pointSource(run, problems, kept);
  const stats = new Map<string, KeyStats>();
  source((key, value, step, timestamp) => {
    const s = stats.get(key);
    if (!s) {
      stats.set(key, { count: 1, stepMin: step, stepMax: step, sorted: true, lastStep: step, lastTime: timestamp, ...nonFinite(value) });
      return;
    }
    s.count++;
    if (step < s.stepMin) s.stepMin = step;
    if (step > s.stepMax) s.stepMax = step;
    if (step < s.lastStep || (step === s.lastStep && timestamp < s.lastTime)) s.sorted = false;
    s.lastStep = step;
    s.lastTime = timestamp;
    if (Number.isNaN(value)) s.nan++;
    else if (value === Infinity) s.posInf++;
    else if (value === -Infinity) s.negInf++;
  });

  const keys = sortKeys([...stats.keys()]);
  const states = new Map(
    keys.map((key, index) => {
      const s = stats.get(key)!;
      const mode: XMode = s.count > 1 && s.stepMin === s.stepMax ? "point" : "step";
      const [xMin, xMax] = mode === "point" ? [0, s.count - 1] : [s.stepMin, s.stepMax];
      const chart = new Reducer(CHART_BUCKETS, s, xMin, xMax);
      const state = {
          stats: s,
          mode,
          xMin,
          xMax,
          arrival: 0,
          chart,
          // A history the overlay keeps whole, the chart keeps whole too (it has more buckets): one serves both.
          overlay: s.count <= 1 ? null : s.count <= OVERLAY_BUCKETS * WHOLE_FACTOR ? chart : new Reducer(OVERLAY_BUCKETS, s, xMin, xMax),
          chunker: chart.downsampled ? new Chunker(index, s.sorted || mode === "point", write) : null,
      };
      return [key, state] as [string, typeof state];
    }),
  );
  source((key, value, step, timestamp) => {
    const state = states.get(key);
    if (!state) return;
    const arrival = state.arrival++;
    const x = state.mode === "point" ? arrival : step;
    state.chart.add(x, value, timestamp, arrival);
    if (state.overlay !== state.chart) state.overlay?.add(x, value, timestamp, arrival);
    state.chunker?.add(x, value, timestamp, arrival);
  });

  const series = new Map<string, ChartSeries>();
  const overlay = new Map<string, OverlayCurve>();
  let size = 0;
  for (const [key, state] of states) {
    const drawn = state.chart.columns();
    const points = packPoints(drawn.x, drawn.y, drawn.t);
    const { stats: s } = state;
    series.set(key, {
      count: s.count,
      mode: state.mode,
      step: s.stepMin,
      xMin: state.xMin,
      xMax: state.xMax,
      buckets: state.chart.downsampled ? CHART_BUCKETS : 0,
      points,
      nan: s.nan,
      posInf: s.posInf,
      negInf: s.negInf,
      chunks: state.chunker?.finish() ?? [],
    });
    size += points.y.length + 12 * points.x.length;
    if (state.overlay) {
      const curve = state.overlay.columns();
      const packed = packXY(curve.x, curve.y);
      overlay.set(key, { ...packed, count: s.count, mode: state.mode });
      size += packed.y.length + 6 * packed.x.length;
    }
  }
  return { series, overlay, size };
}

function nonFinite(value: number): Pick<KeyStats, "nan" | "posInf" | "negInf"> {
  return { nan: Number.isNaN(value) ? 1 : 0, posInf: value === Infinity ? 1 : 0, negInf: value === -Infinity ? 1 : 0 };
}
