/**
 * Recursive descent over MLflow's filter grammar plus OR, NOT and parentheses:
 *
 *   filter     := (or)? end
 *   or         := and ("OR" and)*
 *   and        := not ("AND" not)*
 *   not        := "NOT" not | "(" or ")" | condition
 *   condition  := target comparator
 *   comparator := op value | ("LIKE" | "ILIKE") string | ("NOT")? "IN" "(" value ("," value)* ")"
 *               | "IS" ("NOT")? "NULL"
 *
 * Keywords are case-insensitive. Every error names the position and what would have been valid there.
 */
import type { FilterNode, Literal, RelationalOp, Target } from "./ast.js";
import { SearchSyntaxError } from "./errors.js";
import { Lexer, type Token } from "./lexer.js";
import { describeTarget, foundText, mayBeTarget, readTarget, valueKindOf, type ValueKind } from "./targets.js";

type Comparator = RelationalOp | "LIKE" | "ILIKE" | "IN" | "NOT IN" | "IS NULL" | "IS NOT NULL";

const COMPARATOR_EXPECTED = "a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL)";
const COMPARATORS_BY_KIND: Readonly<Record<ValueKind, readonly Comparator[]>> = {
  number: ["=", "!=", "<", "<=", ">", ">=", "IN", "NOT IN", "IS NULL", "IS NOT NULL"],
  string: ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN", "IS NULL", "IS NOT NULL"],
  any: ["=", "!=", "<", "<=", ">", ">=", "LIKE", "ILIKE", "IN", "NOT IN", "IS NULL", "IS NOT NULL"],
};
const VALUE_EXPECTED: Readonly<Record<ValueKind, string>> = {
  number: "a number",
  string: "a quoted string",
  any: "a quoted string or a number",
};
const CONDITION_EXPECTED = `a condition (metrics.<key>, params.<key>, tags.<key>, attributes.<name>), NOT or "("`;

/**
 * Parses a filter into its syntax tree. Empty or blank text matches every run.
 *
 * @example
 * parseFilter("metrics.acc > 0.9 AND params.model = 'cnn'")
 * @throws {SearchSyntaxError} with the position, what was expected and what was found.
 */
export function parseFilter(text: string): FilterNode {
  return new Parser(text).parse();
}

/** Deeper nesting than any real filter; past it, a syntax error instead of a stack overflow. */
const MAX_DEPTH = 100;

class Parser {
  private readonly text: string;
  private readonly lexer: Lexer;
  private token: Token;
  private depth = 0;

  constructor(text: string) {
    this.text = text;
    this.lexer = new Lexer(text);
    this.token = this.lexer.next();
  }

  parse(): FilterNode {
    if (this.peek().kind === "end") return { kind: "all" };
    const node = this.or();
    if (this.peek().kind !== "end") this.fail("AND, OR or end of input");
    return node;
  }

  private or(): FilterNode {
    const operands = [this.and()];
    while (this.keyword("OR")) operands.push(this.and());
    return operands.length === 1 && operands[0] ? operands[0] : { kind: "or", operands };
  }

  private and(): FilterNode {
    const operands = [this.not()];
    while (this.keyword("AND")) operands.push(this.not());
    return operands.length === 1 && operands[0] ? operands[0] : { kind: "and", operands };
  }

  private not(): FilterNode {
    if (++this.depth > MAX_DEPTH) this.fail(`at most ${MAX_DEPTH} nested NOTs and parentheses`);
    try {
      return this.notOrGroup();
    } finally {
      this.depth--;
    }
  }

  private notOrGroup(): FilterNode {
    if (this.keyword("NOT")) return { kind: "not", operand: this.not() };
    if (this.peek().kind === "(") {
      const open = this.token;
      this.advance();
      const node = this.or();
      if (this.peek().kind !== ")") {
        this.fail(`")" to close the "(" opened at position ${open.start}`);
      }
      this.advance();
      return node;
    }
    if (!mayBeTarget(this.peek())) this.fail(CONDITION_EXPECTED);
    const target = readTarget(this.token, this.text);
    this.advance();
    return this.condition(target);
  }

  private condition(target: Target): FilterNode {
    const kind = valueKindOf(target);
    const start = this.token;
    const comparator = this.comparator();
    if (!COMPARATORS_BY_KIND[kind].includes(comparator)) {
      const allowed = COMPARATORS_BY_KIND[kind].join(", ");
      throw new SearchSyntaxError(
        this.text,
        start.start,
        `a comparator valid for ${describeTarget(target)} (${allowed})`,
        this.text.slice(start.start, this.token.start).trimEnd(),
      );
    }
    switch (comparator) {
      case "LIKE":
      case "ILIKE":
        return { kind: "like", target, caseInsensitive: comparator === "ILIKE", pattern: this.pattern() };
      case "IN":
      case "NOT IN":
        return { kind: "in", target, negated: comparator === "NOT IN", values: this.list(kind) };
      case "IS NULL":
      case "IS NOT NULL":
        return { kind: "null", target, negated: comparator === "IS NOT NULL" };
      default:
        return { kind: "compare", target, op: comparator, value: this.value(kind) };
    }
  }

  /** Reads the comparator words or operator; validity for the target is checked by the caller. */
  private comparator(): Comparator {
    const token = this.token;
    if (token.kind === "op") {
      this.advance();
      return token.op;
    }
    for (const simple of ["LIKE", "ILIKE", "IN"] as const) if (this.keyword(simple)) return simple;
    if (this.keyword("NOT")) {
      if (!this.keyword("IN")) this.fail("IN (after NOT)");
      return "NOT IN";
    }
    if (this.keyword("IS")) {
      if (this.keyword("NULL")) return "IS NULL";
      if (!this.keyword("NOT")) this.fail("NULL or NOT NULL");
      if (!this.keyword("NULL")) this.fail("NULL");
      return "IS NOT NULL";
    }
    return this.fail(COMPARATOR_EXPECTED);
  }

  private value(kind: ValueKind): Literal {
    const token = this.token;
    if (token.kind === "string" && kind !== "number") {
      this.advance();
      return { kind: "string", value: token.value };
    }
    if (token.kind === "number" && kind !== "string") {
      this.advance();
      return { kind: "number", value: token.value, text: token.text };
    }
    return this.fail(VALUE_EXPECTED[kind]);
  }

  private pattern(): string {
    const token = this.token;
    if (token.kind !== "string") return this.fail("a quoted pattern (% for any text, _ for one character)");
    this.advance();
    return token.value;
  }

  private list(kind: ValueKind): Literal[] {
    if (this.peek().kind !== "(") this.fail(`"(" to start a list of values`);
    this.advance();
    const values = [this.value(kind)];
    while (this.peek().kind === ",") {
      this.advance();
      values.push(this.value(kind));
    }
    if (this.peek().kind !== ")") this.fail(`"," or ")"`);
    this.advance();
    return values;
  }

  /** Consumes the keyword (case-insensitive) if it is the current token. */
  private keyword(word: string): boolean {
    if (this.peek().kind !== "word" || this.token.text.toUpperCase() !== word) return false;
    this.advance();
    return true;
  }

  /** A method, not a field read, because TypeScript would keep a narrowed kind across `advance()`. */
  private peek(): Token {
    return this.token;
  }

  private advance(): void {
    this.token = this.lexer.next();
  }

  private fail(expected: string): never {
    throw new SearchSyntaxError(this.text, this.token.start, expected, foundText(this.token));
  }
}
