/**
 * Orders sibling runs by a column. Params, metrics, tags, name and start time use the search module's
 * order-by, so the table sorts like `runtree search --order-by` (missing values and NaN last in both
 * directions). Status sorts by what the table shows (ABANDONED included) and duration is the table's own
 * column; both follow the same missing-last rule. Ties keep start order, so a sort is stable across renders.
 */
import { compareRunsBy, parseOrderBy } from "../../search/index.js";
import { displayStatus, durationOf } from "./run-facts.js";
import type { Column } from "./columns.js";
import type { RunNode } from "./run-index.js";
import type { SortDirection } from "./view-state.js";

export type NodeComparator = (a: RunNode, b: RunNode) => number;

/** The search language's name for a column: keys are backquoted (they may hold spaces, dots, colons). */
export function orderByClause(column: Column, direction: SortDirection): string {
  const dir = direction === "asc" ? "ASC" : "DESC";
  if (column.group === "attribute") return `${column.id} ${dir}`;
  const prefix = column.group === "param" ? "params" : column.group === "metric" ? "metrics" : "tags";
  return `${prefix}.\`${column.key}\` ${dir}`;
}

export function comparatorFor(column: Column, direction: SortDirection): NodeComparator {
  const compare = baseComparator(column, direction);
  return (a, b) => compare(a, b) || a.order - b.order;
}

function baseComparator(column: Column, direction: SortDirection): NodeComparator {
  const sign = direction === "asc" ? 1 : -1;
  if (column.id === "duration") {
    return (a, b) => missingLast(durationOf(a), durationOf(b), (x, y) => sign * (x - y));
  }
  if (column.id === "attributes.status") {
    return (a, b) => sign * compareText(displayStatus(a), displayStatus(b));
  }
  // The second clause keeps ties in start order (the table's unsorted order) rather than the search's
  // newest-first default, so sorting by a key most rows lack does not reverse the table.
  const compareRuns = compareRunsBy(parseOrderBy([orderByClause(column, direction), "attributes.start_time ASC"]));
  return (a, b) => compareRuns(a.search, b.search);
}

function missingLast(a: number | null, b: number | null, compare: (a: number, b: number) => number): number {
  const aMissing = a === null || Number.isNaN(a);
  const bMissing = b === null || Number.isNaN(b);
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  return compare(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
