/**
 * How a run's value compares with a constant. Metrics and times are numbers. Params keep their JSON type
 * and tags are strings, but numbers written as text are common in both (MLflow stores every param as
 * text), so a numeric value meets a numeric constant as a number and everything else meets as text.
 */
import type { Literal } from "./ast.js";

const NUMERIC_TEXT = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

export function looksNumeric(text: string): boolean {
  return NUMERIC_TEXT.test(text);
}

/** The value as text: booleans as JSON writes them, numbers as JavaScript prints them. */
export function textOf(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}

/** The value as a number when it is one or reads as one; null otherwise (booleans are not numbers). */
export function numberOf(value: string | number | boolean): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && looksNumeric(value)) return Number(value);
  return null;
}

/**
 * Negative, zero or positive like a sort comparator; NaN when the two cannot be ordered (a NaN metric),
 * which makes every relation false except `!=`, as in IEEE arithmetic and in MLflow.
 */
export function compareWithLiteral(actual: string | number | boolean, literal: Literal): number {
  if (literal.kind === "number") {
    const number = numberOf(actual);
    if (number !== null) return compareNumbers(number, literal.value);
    return compareStrings(textOf(actual), literal.text);
  }
  // `params.lr = '1e-05'` (as MLflow prints it) finds the number 0.00001.
  if (typeof actual === "number" && looksNumeric(literal.value)) {
    return compareNumbers(actual, Number(literal.value));
  }
  // Python writes booleans as True/False; accept any case.
  const expected = typeof actual === "boolean" ? literal.value.toLowerCase() : literal.value;
  return compareStrings(textOf(actual), expected);
}

/**
 * For `< <= > >=`: like `compareWithLiteral`, except that a numeric-looking string param compared with a
 * numeric-looking quoted value is ordered as numbers, so `params.epochs > '9'` finds "10" (MLflow stores
 * every param as text, so imported stores are full of these). Equality stays exact text, as in MLflow.
 */
export function compareForOrdering(actual: string | number | boolean, literal: Literal): number {
  if (literal.kind === "string" && typeof actual === "string" && looksNumeric(actual) && looksNumeric(literal.value)) {
    return compareNumbers(Number(actual), Number(literal.value));
  }
  return compareWithLiteral(actual, literal);
}

export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return a === b ? 0 : NaN;
}

/** By UTF-16 code units: the same order on every machine and in every browser locale. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * A SQL LIKE pattern as a regular expression over the whole value: `%` is any run of characters, `_` one
 * character, and a backslash makes the next character literal.
 */
export function likePattern(pattern: string, caseInsensitive: boolean): RegExp {
  let source = "";
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? "";
    if (c === "\\" && i + 1 < chars.length) {
      source += escapeRegExp(chars[++i] ?? "");
    } else if (c === "%") {
      source += "[^]*";
    } else if (c === "_") {
      source += "[^]";
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "iu" : "u");
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}
