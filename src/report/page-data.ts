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
 *   runs/<run id>/index.html            run page (+ sweep view when the run has children)
 *   runs/<run id>/artifacts/<path>      copied artifacts
 *
 * Run pages embed their `RunPageData` as `<script type="application/json" id="runtree-run">`.
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

export interface ExperimentData {
  readonly name: string;
  /** Sorted key lists: the table's possible columns. */
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  readonly tagKeys: readonly string[];
  /** Every run of the experiment, in start order (then id). */
  readonly runs: readonly ClientRun[];
}

/** A metric history as parallel arrays, compact for large histories. */
export interface Series {
  readonly steps: readonly number[];
  readonly values: readonly EncodedNumber[];
  readonly timestamps: readonly number[];
}

export interface SweepData {
  readonly objective: { readonly metric: string; readonly goal: "min" | "max"; readonly declared: boolean } | null;
  /** Id of the best child by the objective, or null when no child has the metric. */
  readonly bestId: string | null;
  /** Direct children, in start order. */
  readonly children: readonly ClientRun[];
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  /** Per metric key, per child id: that child's history (for the overlaid curves). */
  readonly curves: Readonly<Record<string, Readonly<Record<string, Series>>>>;
}

export interface RunPageData {
  readonly run: ClientRun;
  /** Per metric key, the full history (step metrics get a line chart). */
  readonly history: Readonly<Record<string, Series>>;
  /** Present when the run has children. */
  readonly sweep: SweepData | null;
}
