/**
 * `runtree search`'s table: one line per run, the values of the columns asked for (and of the keys the
 * filter and order-by name) before the run's metrics. Every cell is store data: control characters are
 * spelled out, so a name with a newline cannot split a row.
 */
import type { RunRecord } from "../model/run-record.js";
import { describeTarget, type Target } from "../search/index.js";
import { valueOf } from "../search/searchable-run.js";
import { printable } from "./printable.js";

export function searchTable(runs: readonly RunRecord[], columns: readonly Target[]): string {
  const rows = [["RUN ID", "EXPERIMENT", "NAME", "STATUS", "PARENT", ...columns.map(describeTarget), "METRICS"]];
  for (const run of runs) {
    const metrics = Object.entries(run.metrics)
      .map(([k, v]) => `${k}=${number(v)}`)
      .join(" ");
    const values = columns.map((target) => cell(valueOf(run, target), target));
    const status = run.abandoned ? "ABANDONED" : run.status;
    rows.push([run.id, run.experiment, run.name, run.deleted ? `${status} (deleted)` : status, run.parentId ?? "-", ...values, metrics]);
  }
  const printed = rows.map((row) => row.map(printable));
  // A loop, not Math.max(...column): a search of 100,000 runs would pass more arguments than the stack holds.
  const widths = printed[0]!.map(() => 0);
  for (const row of printed) row.forEach((text, col) => (widths[col] = Math.max(widths[col]!, text.length)));
  const lines = printed.map((row) => row.map((text, col) => (col === row.length - 1 ? text : text.padEnd(widths[col]!))).join("  ").trimEnd());
  return lines.join("\n") + `\n(${runs.length} run${runs.length === 1 ? "" : "s"})\n`;
}

/** A metric rounded like the METRICS column; a param or tag exactly as logged; "-" for none. */
function cell(value: string | number | boolean | undefined, target: Target): string {
  if (value === undefined) return "-";
  return typeof value === "number" && target.kind === "metric" ? number(value) : String(value);
}

/** Six significant digits, as a person reads a table; integers as they are. */
function number(value: number): string {
  return String(Number.isInteger(value) ? value : Number(value.toPrecision(6)));
}
