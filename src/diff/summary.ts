/**
 * The words and numbers both human formats of `runtree diff` share (the terminal table and the
 * pull-request markdown), so they never disagree: the summary line, how values and deltas are written,
 * and what a sweep's move is called.
 */
import type { StoreDiff } from "./store-diff.js";
import type { SweepChange } from "./sweep-changes.js";

/** What happened to a sweep's best value: better, worse, the same, or nothing to compare with. */
export type SweepVerdict = "improved" | "worse" | "same" | "new" | "no value";

export function sweepVerdict(sweep: SweepChange): SweepVerdict {
  if (sweep.after === null) return "no value";
  if (sweep.before === null) return "new";
  if (sweep.improved === true) return "improved";
  return Object.is(sweep.before, sweep.after) || sweep.before === sweep.after ? "same" : "worse";
}

/** Sweeps worth a row: every one except those whose best value did not move. */
export function movedSweeps(sweeps: readonly SweepChange[]): SweepChange[] {
  return sweeps.filter((sweep) => sweepVerdict(sweep) !== "same");
}

/**
 * @example summaryLine(diff) // "3 runs added, 1 removed, 2 changed; sweeps: 1 improved, 1 worse, 4 unchanged"
 */
export function summaryLine(diff: StoreDiff): string {
  const runs =
    diff.added.length + diff.removed.length + diff.changed.length === 0
      ? "no run added, removed or changed"
      : `${plural(diff.added.length, "run")} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
  if (diff.sweeps.length === 0) return runs;
  const counts = new Map<SweepVerdict, number>();
  for (const sweep of diff.sweeps) counts.set(sweepVerdict(sweep), (counts.get(sweepVerdict(sweep)) ?? 0) + 1);
  const parts = (
    [
      ["improved", "improved"],
      ["worse", "worse"],
      ["new", "new"],
      ["no value", "without a value"],
      ["same", "unchanged"],
    ] as const
  )
    .filter(([verdict]) => (counts.get(verdict) ?? 0) > 0)
    .map(([verdict, words]) => `${counts.get(verdict)} ${words}`);
  return `${runs}; ${plural(diff.sweeps.length, "sweep")}: ${parts.join(", ")}`;
}

/** Six significant digits, like `runtree search`; integers as they are. */
export function formatValue(value: number | null): string {
  if (value === null) return "-";
  if (!Number.isFinite(value)) return String(value);
  return String(Number.isInteger(value) ? value : Number(value.toPrecision(6)));
}

/** A signed delta: `+0.02`, `-1.5`, `0`. */
export function formatDelta(value: number | null): string {
  if (value === null) return "-";
  const text = formatValue(value);
  return value > 0 ? `+${text}` : text;
}

/** A run as a person names it: its name, or its short id when it has none. */
export function runLabel(run: { readonly name: string; readonly id: string }): string {
  return run.name !== "" ? run.name : run.id.slice(0, 8);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
