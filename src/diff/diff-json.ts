/**
 * `runtree diff --json`: the documented shape, and nothing that depends on the machine or the time.
 * Values that JSON cannot hold (NaN, infinities) are spelled as strings, as the store spells them.
 */
import { encodeNumber, type EncodedNumber } from "../format/metric-value.js";
import type { StoreDiff } from "./store-diff.js";

export interface DiffJson {
  readonly base: string;
  readonly head: string | null;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly id: string; readonly fields: readonly string[] }[];
  readonly sweeps: readonly {
    readonly id: string;
    readonly experiment: string;
    readonly metric: string;
    readonly goal: "min" | "max";
    readonly before: EncodedNumber | null;
    readonly after: EncodedNumber | null;
    readonly improved: boolean | null;
  }[];
}

/** @param head the head commit, or null for the working tree. */
export function diffJson(diff: StoreDiff, base: string, head: string | null): DiffJson {
  const value = (n: number | null) => (n === null ? null : encodeNumber(n));
  return {
    base,
    head,
    added: diff.added,
    removed: diff.removed,
    changed: diff.changed.map(({ id, fields }) => ({ id, fields })),
    sweeps: diff.sweeps.map((s) => ({
      id: s.id,
      experiment: s.experiment,
      metric: s.metric,
      goal: s.goal,
      before: value(s.before),
      after: value(s.after),
      improved: s.improved,
    })),
  };
}
