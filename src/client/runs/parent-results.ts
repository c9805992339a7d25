/**
 * A slice's facts about its parent runs (`RunSlice.bests`, `childStatuses` in report/page-data.ts), read
 * in place like its key columns: a parent's best child by its objective, and its children per status.
 */
import { decodeNumber, type EncodedNumber } from "../../format/metric-value.js";
import type { Column, ParentBests } from "../../report/page-data.js";
import { entryOf, keyColumn, type KeyColumn } from "./key-column.js";

export interface LoadedParents {
  readonly metric: KeyColumn<number> | null;
  readonly goal: KeyColumn<"min" | "max"> | null;
  readonly value: KeyColumn<EncodedNumber> | null;
  readonly name: KeyColumn<string> | null;
  readonly recorded: KeyColumn<boolean> | null;
  readonly statuses: KeyColumn<string> | null;
}

/** A parent's best child, as its row shows it in the objective's column. */
export interface ShownBest {
  /** Index into the experiment's metric keys: the objective's column. */
  readonly metric: number;
  readonly goal: "min" | "max";
  readonly value: number;
  readonly name: string;
  /** The parent's recorded best (no child in the report has the metric). */
  readonly recorded: boolean;
}

export function loadParents(bests: ParentBests | null | undefined, statuses: Column<string> | null | undefined): LoadedParents {
  return {
    metric: keyColumn(bests?.metric ?? null),
    goal: keyColumn(bests?.goal ?? null),
    value: keyColumn(bests?.value ?? null),
    name: keyColumn(bests?.name ?? null),
    recorded: keyColumn(bests?.recorded ?? null),
    statuses: keyColumn(statuses ?? null),
  };
}

export function bestAt(parents: LoadedParents, position: number): ShownBest | undefined {
  const metric = entryOf(parents.metric, position);
  const value = entryOf(parents.value, position);
  if (metric === undefined || value === undefined) return undefined;
  return {
    metric,
    goal: entryOf(parents.goal, position) === "max" ? "max" : "min",
    value: decodeNumber(value),
    name: entryOf(parents.name, position) ?? "",
    recorded: entryOf(parents.recorded, position) === true,
  };
}

/** Direct children per status (in `STATUS_CODES` order), or undefined for a run without children. */
export function childStatusesAt(parents: LoadedParents, position: number): number[] | undefined {
  const text = entryOf(parents.statuses, position);
  return text === undefined ? undefined : text.split(",").map((n) => Number(n) || 0);
}
