/**
 * `runtree diff`'s default output: for each experiment, its changes as a tree under their top-level runs
 * (a top-level run that did not change itself is shown, unmarked, for context), then its sweeps whose best
 * value moved. Plain text for a terminal; user strings are made printable by the caller's `clean`.
 */
import type { StoreDiff } from "./store-diff.js";
import { formatDelta, formatValue, movedSweeps, runLabel, summaryLine, sweepVerdict } from "./summary.js";

export interface TableOptions {
  /** The heading: what was compared with what, e.g. `base 1a2b3c4 → working tree`. */
  readonly title: string;
  /** At most this many run rows per experiment; the rest are counted. */
  readonly maxRows?: number;
  /** Makes a user string safe for the terminal (control characters escaped). */
  readonly clean: (text: string) => string;
}

/** @example process.stdout.write(diffTable(diff, { title: "base 1a2b3c4 → working tree", clean: printable })) */
export function diffTable(diff: StoreDiff, options: TableOptions): string {
  const { clean } = options;
  const out: string[] = [options.title, summaryLine(diff)];
  for (const experiment of diff.experiments) {
    out.push("", clean(experiment.experiment));
    const rows: string[][] = [];
    let shown = 0;
    let hidden = 0;
    for (const group of experiment.groups) {
      const limit = options.maxRows ?? Infinity;
      if (shown >= limit) {
        hidden += group.entries.length;
        continue;
      }
      if (group.entries[0]?.run.id !== group.root.id) rows.push(["", clean(runLabel(group.root)), group.root.id, ""]);
      for (const entry of group.entries) {
        if (shown >= limit) {
          hidden++;
          continue;
        }
        shown++;
        const indent = "  ".repeat(entry.depth);
        rows.push([entry.change, indent + clean(runLabel(entry.run)), entry.run.id, entry.fields.map(clean).join(" ")]);
      }
    }
    if (rows.length > 0) out.push(...columns([["CHANGE", "RUN", "ID", "FIELDS"], ...rows]).map((line) => `  ${line}`));
    if (hidden > 0) out.push(`  … and ${hidden} more change${hidden === 1 ? "" : "s"} (see --max-rows, or --json)`);
    const sweeps = movedSweeps(experiment.sweeps);
    if (sweeps.length > 0) {
      const header = ["SWEEP", "METRIC", "GOAL", "BASE", "HEAD", "DELTA", ""];
      const lines = sweeps.map((s) => [clean(runLabel(s)), clean(s.metric), s.goal, formatValue(s.before), formatValue(s.after), formatDelta(s.delta), sweepVerdict(s)]);
      out.push("", ...columns([header, ...lines]).map((line) => `  ${line}`));
    }
  }
  return out.join("\n") + "\n";
}

/** Left-aligned columns, two spaces apart, no trailing spaces. */
function columns(rows: readonly string[][]): string[] {
  // A loop, not Math.max(...column): a diff of 100,000 runs would pass more arguments than the stack holds.
  const widths = rows[0]!.map(() => 0);
  for (const row of rows) row.forEach((cell, col) => (widths[col] = Math.max(widths[col] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell + " ".repeat(widths[col]! - [...cell].length))).join("  ").trimEnd());
}
