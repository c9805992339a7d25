/**
 * How values read in the static pages. Everything here is a pure function of its input (dates in UTC, no
 * locale), so the same store always gives the same bytes. The browser script shows times in UTC too, so a
 * table and a run page always agree; the `datetime` attribute carries the exact instant.
 */
import type { ParamValue } from "../format/records.js";

/** A metric or numeric param, short enough for a table cell; NaN and the infinities are shown as such. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "∞";
  if (value === -Infinity) return "−∞";
  if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e9)) return value.toExponential(3);
  // Four significant digits without trailing zeros: "0.5000" reads as more precise than it is.
  return String(Number(value.toPrecision(4)));
}

/** The exact value, for `title` tooltips. */
export function formatExact(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  return String(value);
}

/** A param as text: strings as they are, numbers shortened, booleans as `true`/`false`. */
export function formatParam(value: ParamValue): string {
  return typeof value === "number" ? formatNumber(value) : String(value);
}

/**
 * An instant in UTC, ISO 8601 to the second (`2026-01-01T00:00:00Z`); milliseconds only when present.
 * Empty for an instant JavaScript cannot represent.
 */
export function formatUtc(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return "";
  return date.toISOString().replace(".000Z", "Z");
}

/** The same instant for reading in a table: `2026-01-01 00:00:00 UTC`. */
export function formatUtcShort(ms: number): string {
  const iso = formatUtc(ms);
  return iso === "" ? "" : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A duration in the two largest units that matter: `850ms`, `4.2s`, `3m 05s`, `2h 10m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const totalSeconds = Math.floor(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(totalSeconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** A run's duration: empty while it has no end time (the build must not depend on "now"). */
export function runDuration(run: { readonly startTime: number; readonly endTime: number | null }): string {
  return run.endTime === null ? "" : formatDuration(run.endTime - run.startTime);
}

/**
 * A count with thousands separators, "12,345". Written out rather than `toLocaleString`: the first call of
 * that sets up the browser's locale data, which cost more than building an experiment page's whole table.
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1 run", "2 runs". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
