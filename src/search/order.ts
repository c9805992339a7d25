/**
 * Order-by clauses (`"metrics.loss ASC"`, `"attributes.start_time DESC"`) and the comparator they define.
 * As in MLflow, runs without the value, and NaN metrics, come last whichever the direction, and the
 * natural order (newest first, then id) breaks ties so results never depend on input order.
 */
import type { Target } from "./ast.js";
import { compareNumbers, compareStrings, numberOf, textOf } from "./compare.js";
import { SearchSyntaxError } from "./errors.js";
import { Lexer } from "./lexer.js";
import { valueOf, type SearchableRun } from "./searchable-run.js";
import { ENTITY_EXPECTED, foundText, mayBeTarget, readOrderTarget } from "./targets.js";

export interface OrderClause {
  readonly target: Target;
  readonly ascending: boolean;
}

/**
 * Parses clauses of the form `<entity>.<key> [ASC|DESC]` (ascending when no direction is given).
 *
 * @example
 * parseOrderBy(["metrics.`val loss` ASC", "params.lr DESC"])
 * @throws {SearchSyntaxError} for an unknown entity or a bad direction; `text` is the clause at fault.
 */
export function parseOrderBy(clauses: readonly string[]): OrderClause[] {
  return clauses.map(parseClause);
}

function parseClause(text: string): OrderClause {
  const lexer = new Lexer(text);
  const first = lexer.next();
  if (!mayBeTarget(first)) throw new SearchSyntaxError(text, first.start, ENTITY_EXPECTED, foundText(first));
  const target = readOrderTarget(first, text);
  const direction = lexer.next();
  if (direction.kind === "end") return { target, ascending: true };
  const word = direction.kind === "word" ? direction.text.toUpperCase() : "";
  if (word !== "ASC" && word !== "DESC") {
    throw new SearchSyntaxError(text, direction.start, "ASC, DESC or end of clause", foundText(direction));
  }
  const rest = lexer.next();
  if (rest.kind !== "end") throw new SearchSyntaxError(text, rest.start, "end of clause", foundText(rest));
  return { target, ascending: word === "ASC" };
}

/**
 * A comparator for `Array.prototype.sort`: each clause in turn, then start time (newest first), then id.
 *
 * @example
 * runs.sort(compareRunsBy(parseOrderBy(["metrics.acc DESC"])))
 */
export function compareRunsBy(clauses: readonly OrderClause[]): (a: SearchableRun, b: SearchableRun) => number {
  return (a, b) => {
    for (const { target, ascending } of clauses) {
      const order = compareSortKeys(sortKeyOf(a, target), sortKeyOf(b, target), ascending);
      if (order !== 0) return order;
    }
    return compareNumbers(b.startTime, a.startTime) || compareStrings(a.id, b.id);
  };
}

/** Numbers before text (params and tags mix both), then NaN, then missing. */
type SortKey =
  | { readonly rank: 0; readonly value: number }
  | { readonly rank: 1; readonly value: string }
  | { readonly rank: 2 | 3 };

const NAN: SortKey = { rank: 2 };
const MISSING: SortKey = { rank: 3 };

function sortKeyOf(run: SearchableRun, target: Target): SortKey {
  const value = valueOf(run, target);
  if (value === undefined) return MISSING;
  // Params and tags order numerically when they read as numbers ("9" before "10").
  const loose = target.kind === "param" || target.kind === "tag";
  const number = loose ? numberOf(value) : typeof value === "number" ? value : null;
  if (number === null) return { rank: 1, value: textOf(value) };
  return Number.isNaN(number) ? NAN : { rank: 0, value: number };
}

function compareSortKeys(a: SortKey, b: SortKey, ascending: boolean): number {
  if (a.rank === 0 && b.rank === 0) return directed(compareNumbers(a.value, b.value), ascending);
  if (a.rank === 1 && b.rank === 1) return directed(compareStrings(a.value, b.value), ascending);
  const present = a.rank <= 1 && b.rank <= 1;
  return present ? directed(a.rank - b.rank, ascending) : a.rank - b.rank;
}

function directed(order: number, ascending: boolean): number {
  return ascending ? order : -order;
}
