/**
 * Splits filter text into tokens, one at a time on demand, so that the first error in reading order is the
 * one reported. Whether a word is a keyword is left to the parser: the lexer knows no context.
 */
import type { RelationalOp } from "./ast.js";
import { END_OF_INPUT, SearchSyntaxError } from "./errors.js";

interface Span {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  /** The source text of the token. */
  readonly text: string;
}

export type Token =
  /** A bare word: a keyword (AND, LIKE, ASC…) or a bare attribute name. */
  | (Span & { readonly kind: "word" })
  /**
   * `prefix.key`: the prefix bare, backquoted (`` `metrics`.loss ``, as MLflow allows) or double-quoted; the
   * key unquoted or quoted (`"…"`, `` `…` ``, `'…'`). `prefix` and `key` are decoded.
   */
  | (Span & { readonly kind: "ref"; readonly prefix: string; readonly key: string; readonly keyStart: number })
  /** A backquoted name not followed by `.` (`` `run name` ``): never a keyword; `value` is decoded. */
  | (Span & { readonly kind: "name"; readonly value: string })
  | (Span & { readonly kind: "string"; readonly value: string })
  | (Span & { readonly kind: "number"; readonly value: number })
  | (Span & { readonly kind: "op"; readonly op: RelationalOp })
  | (Span & { readonly kind: "(" | ")" | "," | "other" | "end" });

const WORD = /[\p{L}_][\p{L}\p{N}_]*/uy;
// The characters MLflow allows in keys except space (a space needs quotes).
const UNQUOTED_KEY = /[\p{L}\p{N}_\-.:/]+/uy;
const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const OPS: readonly RelationalOp[] = ["<=", ">=", "!=", "=", "<", ">"];
const QUOTES = new Set(["'", '"', "`"]);

export class Lexer {
  readonly text: string;
  private pos = 0;

  constructor(text: string) {
    this.text = text;
  }

  next(): Token {
    const { text } = this;
    while (this.pos < text.length && /\s/.test(text.charAt(this.pos))) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: "end", start, end: start, text: "" };
    const char = text.charAt(start);

    const word = this.match(WORD);
    if (word !== null) return text.charAt(this.pos) === "." ? this.ref(start, word) : this.span("word", start);
    if (char === "`") {
      const name = this.readQuoted("name");
      return text.charAt(this.pos) === "." ? this.ref(start, name) : { ...this.span("name", start), value: name };
    }
    if (QUOTES.has(char)) {
      const value = this.readQuoted("string");
      // A string is never followed by a dot, so `"metrics".loss` can only mean a quoted entity word.
      if (char === '"' && text.charAt(this.pos) === ".") return this.ref(start, value);
      return { ...this.span("string", start), value };
    }
    const number = this.match(NUMBER);
    if (number !== null) return { ...this.span("number", start), value: Number(number) };
    const op = OPS.find((candidate) => text.startsWith(candidate, start));
    if (op !== undefined) {
      this.pos += op.length;
      return { ...this.span("op", start), op };
    }
    // One code point, so an emoji is reported whole.
    this.pos += (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    return this.span(char === "(" || char === ")" || char === "," ? char : "other", start);
  }

  /** The rest of `prefix.key`, from the dot after the prefix. */
  private ref(start: number, prefix: string): Token {
    this.pos++;
    const keyStart = this.pos;
    const key = QUOTES.has(this.text.charAt(keyStart)) ? this.readQuoted("key") : (this.match(UNQUOTED_KEY) ?? "");
    return { ...this.span("ref", start), prefix, key, keyStart };
  }

  private span<K extends Token["kind"]>(kind: K, start: number): Span & { kind: K } {
    return { kind, start, end: this.pos, text: this.text.slice(start, this.pos) };
  }

  private match(pattern: RegExp): string | null {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text);
    if (found === null) return null;
    this.pos += found[0].length;
    return found[0];
  }

  /**
   * Reads a quoted string or key at `pos`. The quote is escaped by doubling it or with a backslash; a
   * backslash before any other character is kept, so Windows paths and LIKE escapes (`\%`) survive.
   */
  private readQuoted(what: "string" | "key" | "name"): string {
    const { text } = this;
    const open = this.pos;
    const quote = text.charAt(open);
    let value = "";
    let i = open + 1;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === "\\" && i + 1 < text.length) {
        const escaped = text.charAt(i + 1);
        value += QUOTES.has(escaped) || escaped === "\\" ? escaped : c + escaped;
        i += 2;
      } else if (c === quote && text.charAt(i + 1) === quote) {
        value += quote;
        i += 2;
      } else if (c === quote) {
        this.pos = i + 1;
        return value;
      } else {
        value += c;
        i++;
      }
    }
    throw new SearchSyntaxError(text, open, `a closing ${quote} for this ${what}`, END_OF_INPUT);
  }
}
