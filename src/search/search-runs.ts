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
  const search = compileSearch(options);
  return search.finish(runs.filter(search.matches));
}

export interface CompiledSearch {
  /** Whether a run matches the filter. */
  readonly matches: (run: SearchableRun) => boolean;
  /** Orders the matching runs and keeps at most `maxResults` (sorts the array in place and returns it). */
  readonly finish: <R extends SearchableRun>(matching: R[]) => R[];
  /**
   * A place for runs offered one at a time (as a reader reads them): it keeps the matches, and with
   * `maxResults` only that many best so far (pruned now and then), so it holds the results, not the store.
   */
  readonly collector: <R extends SearchableRun>() => { add(run: R): void; result(): R[] };
}

/** How far past `maxResults` a collector grows before it prunes: sorting is then rare and short. */
const SLACK = 64;

/**
 * The search, checked and compiled before any run is seen: a reader can then test each run as it reads it
 * and keep only the matches, and a bad clause fails before a file is read.
 * @example
 * const search = compileSearch({ filter: "metrics.acc > 0.9" }); const best = search.finish(runs.filter(search.matches));
 * @throws as `searchRuns`.
 */
export function compileSearch(options: SearchOptions): CompiledSearch {
  const { maxResults } = options;
  if (maxResults !== undefined && !(Number.isSafeInteger(maxResults) && maxResults >= 0)) {
    throw new RuntreeError(
      ErrorCode.InvalidArgument,
      `maxResults must be a non-negative integer, got ${String(maxResults)}`,
      { expected: "a non-negative integer", found: String(maxResults) },
    );
  }
  const matches = compileFilter(options.filter ?? "");
  const compare = compareRunsBy(parseOrderBy(options.orderBy ?? []));
  const finish = <R extends SearchableRun>(matching: R[]): R[] => {
    const sorted = matching.sort(compare);
    return maxResults === undefined ? sorted : sorted.slice(0, maxResults);
  };
  const collector = <R extends SearchableRun>() => {
    let kept: R[] = [];
    return {
      add(run: R): void {
        if (!matches(run)) return;
        kept.push(run);
        // The order is total (start time, then id), so which runs survive does not depend on arrival order.
        if (maxResults !== undefined && kept.length >= 2 * maxResults + SLACK) kept = finish(kept);
      },
      result: () => finish(kept),
    };
  };
  return { matches, finish, collector };
}
