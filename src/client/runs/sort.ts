/**
 * Orders sibling runs by a column. Params, metrics, tags, name and start time use the search module's
 * order-by, so the table sorts like `runtree search --order-by` (missing values and NaN last in both
 * directions). Status sorts by what the table shows (ABANDONED included) and duration is the table's own
 * column; both follow the same missing-last rule. Ties keep start order, so a sort is stable across renders.
 * A metric column sorts by what the rows show: a parent by its best child's value in its objective's column.
 */
import { compareRunsBy, parseOrderBy, type SearchableRun } from "../../search/index.js";
import type { Column } from "./columns.js";
import type { RunData } from "./run-data.js";
import type { RunNode } from "./run-index.js";
import { keysRead, searchRuns } from "./search-cursor.js";
import type { SortDirection } from "./view-state.js";

/** Sorts runs in place and returns them. */
export type NodeSorter = (nodes: RunNode[]) => RunNode[];

/** The search language's name for a column: keys are backquoted (they may hold spaces, dots, colons). */
export function orderByClause(column: Column, direction: SortDirection): string {
  const dir = direction === "asc" ? "ASC" : "DESC";
  if (column.group === "attribute") return `${column.id} ${dir}`;
  const prefix = column.group === "param" ? "params" : column.group === "metric" ? "metrics" : "tags";
  return `${prefix}.\`${column.key}\` ${dir}`;
}

export function sorterFor(data: RunData, column: Column, direction: SortDirection): NodeSorter {
  const sign = direction === "asc" ? 1 : -1;
  // Ties keep run-number order, which among siblings is start order.
  const byKey = <K>(key: (n: number) => K, compare: (a: K, b: K) => number): NodeSorter => (nodes) => {
    const keyed = nodes.map((node) => ({ node, key: key(node.index) }));
    keyed.sort((a, b) => compare(a.key, b.key) || a.node.index - b.node.index);
    keyed.forEach((entry, i) => (nodes[i] = entry.node));
    return nodes;
  };
  if (column.id === "duration") {
    return byKey((n) => data.duration(n), (a, b) => missingLast(a, b, (x, y) => sign * (x - y)));
  }
  if (column.id === "attributes.status") {
    return byKey((n) => data.displayStatus(n), (a, b) => sign * compareText(a, b));
  }
  // The second clause keeps ties in start order (the table's unsorted order) rather than the search's
  // newest-first default, so sorting by a key most rows lack does not reverse the table.
  const clauses = parseOrderBy([orderByClause(column, direction), "attributes.start_time ASC"]);
  // A parent's row shows its best child's value in its objective's column, and sorts by what it shows.
  const runs = searchRuns(data, keysRead(data, clauses.map((clause) => clause.target)), (key, n) => data.shownMetric(key, n));
  const compare = compareRunsBy(clauses);
  return byKey<SearchableRun>((n) => runs.copy(n), compare);
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
