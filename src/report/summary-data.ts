/**
 * The compare page's data: one `runs/<id>/summary.js` per run (run-summary.ts writes it; the client's
 * compare/ reads it). Numbers that may be NaN or infinite travel as `EncodedNumber`, as in page-data.ts.
 */
import type { EncodedNumber } from "../format/metric-value.js";
import type { ParamValue } from "../format/records.js";
import type { OverlayCurve, STATUS_CODES } from "./page-data.js";

/** A metric's summary on the compare page; values encoded as in `ClientRun.metrics`. */
export interface SummaryMetric {
  readonly last: EncodedNumber;
  readonly min: EncodedNumber;
  readonly max: EncodedNumber;
  /** Step of the latest value. */
  readonly step: number;
  /** Points logged. */
  readonly count: number;
}

/**
 * One run as the compare page shows it: `runs/<id>/summary.js`, a classic script beside the run's page,
 * `__RUNTREE_CHUNK__("runs/<id>/summary.js", JSON.parse('<RunSummary>'))`. The compare page, at the site's
 * root, injects one per run it compares, so it reads a few kilobytes per run whatever the size of the
 * experiments they belong to. Links are relative to the site's root.
 */
export interface RunSummary {
  readonly id: string;
  /** As recorded; empty when the run has none. */
  readonly name: string;
  readonly href: string;
  readonly experiment: { readonly name: string; readonly href: string };
  /** The parent it records: its name and link when it is in the report (else empty), or null for none. */
  readonly parent: { readonly id: string; readonly name: string; readonly href: string } | null;
  /** As the tables show it: ABANDONED for a RUNNING run whose process is gone. */
  readonly status: (typeof STATUS_CODES)[number];
  readonly startTime: number;
  readonly endTime: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly metrics: Readonly<Record<string, SummaryMetric>>;
  /** Per metric with more than one point: its history reduced as a sweep's overlay reduces it (`OVERLAY_BUCKETS`). */
  readonly curves: Readonly<Record<string, OverlayCurve>>;
}
