/**
 * Syntax errors in filters and order-by clauses. They carry where (a 0-based index into the text), what
 * the parser expected there and what it found, so the CLI and the report's filter box can point at it.
 */
import { ErrorCode, RuntreeError } from "../errors.js";

/** What `found` holds when the text ended where something else was expected. */
export const END_OF_INPUT = "end of input";

const MAX_FOUND_IN_MESSAGE = 30;

export class SearchSyntaxError extends RuntreeError {
  override name = "SearchSyntaxError";
  /** 0-based index into `text` (UTF-16 code units, as JavaScript strings count). */
  readonly position: number;
  /** What would have been valid at `position`, written for people. */
  readonly expected: string;
  /** The source text found at `position`, or `END_OF_INPUT`. */
  readonly found: string;
  /** The filter or order-by clause that failed to parse. */
  readonly text: string;

  constructor(text: string, position: number, expected: string, found: string) {
    super(
      ErrorCode.SearchSyntax,
      `Expected ${expected} at position ${position}, found ${quoteFound(found)}`,
      { expected, found },
    );
    this.text = text;
    this.position = position;
    this.expected = expected;
    this.found = found;
  }
}

function quoteFound(found: string): string {
  if (found === END_OF_INPUT) return found;
  const shown = found.length > MAX_FOUND_IN_MESSAGE ? `${found.slice(0, MAX_FOUND_IN_MESSAGE - 1)}…` : found;
  return JSON.stringify(shown);
}

/**
 * A two-line code frame: the text, then a caret under the error's position. Line breaks and tabs in the
 * text become spaces so the caret stays under the right character.
 *
 * @example
 * formatSearchError(err, "metrics.acc foo 1")
 * // "metrics.acc foo 1\n            ^"
 */
export function formatSearchError(err: SearchSyntaxError, text: string = err.text): string {
  const line = text.replace(/[\t\n\r\v\f]/g, " ");
  const caretAt = Math.min(Math.max(err.position, 0), line.length);
  return `${line}\n${" ".repeat(caretAt)}^`;
}
