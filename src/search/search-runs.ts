/** Filter, order and limit in one call: what `runtree search` and the library's `searchRuns` do. */
import { ErrorCode, RuntreeError } from "../errors.js";
import { compileFilter } from "./evaluate.js";
import { compareRunsBy, parseOrderBy } from "./order.js";
import type { SearchableRun } from "./searchable-run.js";

export interface SearchOptions {
  /** A filter expression; empty or absent matches every run. */
  readonly filter?: string;
  /** Order-by clauses, most significant first; absent means newest first. */
  readonly orderBy?: readonly string[];
  /** Keep at most this many runs (a non-negative integer); absent means all. */
  readonly maxResults?: number;
}

/**
 * Returns the matching runs, ordered, as a new array (the input is not touched).
 *
 * @example
 * searchRuns(snapshot.runs, { filter: "metrics.acc > 0.9", orderBy: ["metrics.acc DESC"], maxResults: 5 })
 * @throws {SearchSyntaxError} for a bad filter or clause; {RuntreeError} INVALID_ARGUMENT for a bad maxResults.
 */
export function searchRuns<R extends SearchableRun>(runs: readonly R[], options: SearchOptions = {}): R[] {
  const { maxResults } = options;
  if (maxResults !== undefined && !(Number.isSafeInteger(maxResults) && maxResults >= 0)) {
    throw new RuntreeError(
      ErrorCode.InvalidArgument,
      `maxResults must be a non-negative integer, got ${String(maxResults)}`,
      { expected: "a non-negative integer", found: String(maxResults) },
    );
  }
  // Parse both before doing any work, so a bad clause fails fast even when nothing matches.
  const matches = compileFilter(options.filter ?? "");
  const compare = compareRunsBy(parseOrderBy(options.orderBy ?? []));
  const found = runs.filter(matches).sort(compare);
  return maxResults === undefined ? found : found.slice(0, maxResults);
}
