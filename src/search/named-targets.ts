/**
 * The keys a search names, so that a listing can show them: a filter on `params.lr` and an order by
 * `metrics.loss` want those two values beside each run. Also parses a list of columns written the way a
 * filter names keys (`params.lr,metrics.\`val loss\``).
 */
import type { FilterNode, Target } from "./ast.js";
import { SearchSyntaxError } from "./errors.js";
import { Lexer } from "./lexer.js";
import type { OrderClause } from "./order.js";
import { describeTarget, ENTITY_EXPECTED, foundText, mayBeTarget, readOrderTarget } from "./targets.js";

/**
 * The params, metrics and tags named in the filter, then in the order-by clauses, each once, in the order
 * they appear. Attributes are left out: a listing shows them anyway.
 * @example namedTargets(parseFilter("params.lr < 0.1"), parseOrderBy(["metrics.loss"])) // params.lr, metrics.loss
 */
export function namedTargets(filter: FilterNode, order: readonly OrderClause[] = []): Target[] {
  const found = new Map<string, Target>();
  const add = (target: Target) => {
    if (target.kind !== "attribute" && !found.has(describeTarget(target))) found.set(describeTarget(target), target);
  };
  const walk = (node: FilterNode): void => {
    switch (node.kind) {
      case "all":
        return;
      case "and":
      case "or":
        node.operands.forEach(walk);
        return;
      case "not":
        walk(node.operand);
        return;
      default:
        add(node.target);
    }
  };
  walk(filter);
  order.forEach((clause) => add(clause.target));
  return [...found.values()];
}

/**
 * Comma-separated references (`params.lr, metrics.loss, attributes.end_time`), each as in a filter. Keys
 * never hold a comma (MLflow's rule), so the commas can only separate.
 * @throws {SearchSyntaxError} whose position is in the whole `text`.
 */
export function parseColumns(text: string): Target[] {
  const targets: Target[] = [];
  let offset = 0;
  for (const part of text.split(",")) {
    if (part.trim() !== "") targets.push(parseColumn(text, part, offset));
    offset += part.length + 1;
  }
  return targets;
}

function parseColumn(text: string, part: string, offset: number): Target {
  const lexer = new Lexer(part);
  try {
    const first = lexer.next();
    if (!mayBeTarget(first)) throw new SearchSyntaxError(part, first.start, ENTITY_EXPECTED, foundText(first));
    const target = readOrderTarget(first, part);
    const rest = lexer.next();
    if (rest.kind !== "end") throw new SearchSyntaxError(part, rest.start, '"," or the end of the list', foundText(rest));
    return target;
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    throw new SearchSyntaxError(text, offset + error.position, error.expected, error.found);
  }
}
