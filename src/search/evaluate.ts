/**
 * Decides whether one run matches a parsed filter. Logic is two-valued: a condition on a key the run does
 * not have is false (even `!=` and `NOT IN`), so `NOT params.x = 'a'` matches the runs without `x`; only
 * `IS NULL` is true for them.
 */
import type { FilterNode, RelationalOp } from "./ast.js";
import { compareForOrdering, compareWithLiteral, likePattern, textOf } from "./compare.js";
import { parseFilter } from "./parser.js";
import { valueOf, type SearchableRun } from "./searchable-run.js";

type LikeNode = Extract<FilterNode, { kind: "like" }>;

// Keyed by node, so a compiled filter builds each pattern once however many runs it sees.
const patterns = new WeakMap<LikeNode, RegExp>();

/**
 * @example
 * matchesFilter(parseFilter("metrics.acc > 0.9"), run)
 */
export function matchesFilter(node: FilterNode, run: SearchableRun): boolean {
  switch (node.kind) {
    case "all":
      return true;
    case "and":
      return node.operands.every((operand) => matchesFilter(operand, run));
    case "or":
      return node.operands.some((operand) => matchesFilter(operand, run));
    case "not":
      return !matchesFilter(node.operand, run);
    case "null":
      return (valueOf(run, node.target) === undefined) !== node.negated;
    case "compare": {
      const actual = valueOf(run, node.target);
      if (actual === undefined) return false;
      const ordering = node.op !== "=" && node.op !== "!=";
      return holds(node.op, ordering ? compareForOrdering(actual, node.value) : compareWithLiteral(actual, node.value));
    }
    case "in": {
      const actual = valueOf(run, node.target);
      if (actual === undefined) return false;
      const found = node.values.some((value) => compareWithLiteral(actual, value) === 0);
      return found !== node.negated;
    }
    case "like": {
      const actual = valueOf(run, node.target);
      return actual !== undefined && patternOf(node).test(textOf(actual));
    }
  }
}

/**
 * Parses once and returns a predicate, for filtering many runs.
 *
 * @example
 * runs.filter(compileFilter("params.optimizer = 'adam' OR metrics.loss < 0.1"))
 * @throws {SearchSyntaxError} when the text is not a valid filter.
 */
export function compileFilter(text: string): (run: SearchableRun) => boolean {
  const node = parseFilter(text);
  return (run) => matchesFilter(node, run);
}

/** `comparison` is NaN when the values cannot be ordered; then only `!=` holds. */
function holds(op: RelationalOp, comparison: number): boolean {
  switch (op) {
    case "=":
      return comparison === 0;
    case "!=":
      return comparison !== 0;
    case "<":
      return comparison < 0;
    case "<=":
      return comparison <= 0;
    case ">":
      return comparison > 0;
    case ">=":
      return comparison >= 0;
  }
}

function patternOf(node: LikeNode): RegExp {
  let pattern = patterns.get(node);
  if (pattern === undefined) {
    pattern = likePattern(node.pattern, node.caseInsensitive);
    patterns.set(node, pattern);
  }
  return pattern;
}
