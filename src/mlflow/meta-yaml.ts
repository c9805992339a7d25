/**
 * A reader for the `meta.yaml` files of MLflow's file store, not for YAML in general. MLflow writes them
 * with PyYAML's block style: one `key: value` per line at column 0, scalars plain or quoted, long scalars
 * folded onto indented continuation lines, and the odd nested block (`tags:` followed by indented lines,
 * or `- item` lines) that no field we use needs. Anything else is reported, never guessed at.
 */
import { ErrorCode, RuntreeError } from "../errors.js";

/** A scalar as written: `quoted` tells `'0'` (a string) from `0` (a number) and `'null'` from `null`. */
export interface YamlScalar {
  readonly text: string;
  readonly quoted: boolean;
}

/** `null` for an empty or null value; "nested" for a block or flow collection (`[]`, `{}`, indented lines). */
export type YamlValue = YamlScalar | null | "nested";

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+([\s\S]*))?$/;

/**
 * Parses one meta.yaml into its top-level fields.
 * @throws RuntreeError CORRUPT_FILE naming the line and what was expected.
 * @example parseMetaYaml("name: tuning\nexperiment_id: '7'\n").get("experiment_id") // { text: "7", quoted: true }
 */
export function parseMetaYaml(text: string): ReadonlyMap<string, YamlValue> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const fields = new Map<string, YamlValue>();
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === "" || line.startsWith("#") || line === "---" || line === "...") {
      index++;
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match) throw corrupt(index, "a 'key: value' line starting at column 1", line);
    const key = match[1]!;
    if (fields.has(key)) {
      throw new RuntreeError(ErrorCode.CorruptFile, `line ${index + 1}: field ${JSON.stringify(key)} appears a second time`, {
        expected: "each field once",
      });
    }
    const continuation: string[] = [];
    let next = index + 1;
    // Indented lines, blank lines and `- item` lines belong to the field above.
    while (next < lines.length && /^([ \t]|-( |$)|$)/.test(lines[next]!)) continuation.push(lines[next++]!);
    while (continuation.length > 0 && continuation[continuation.length - 1]!.trim() === "") continuation.pop();
    fields.set(key, parseValue((match[2] ?? "").trim(), continuation, index));
    index = next;
  }
  return fields;
}

function parseValue(first: string, continuation: readonly string[], index: number): YamlValue {
  if (first === "" || first.startsWith("#")) return continuation.length > 0 ? "nested" : null;
  if (first.startsWith("[") || first.startsWith("{") || first.startsWith("|") || first.startsWith(">")) {
    return "nested";
  }
  if (first.startsWith("'")) return { text: singleQuoted(joinLines(first, continuation), index), quoted: true };
  if (first.startsWith('"')) return { text: doubleQuoted(joinLines(first, continuation), index), quoted: true };
  const plain = continuation.length === 0 ? stripComment(first).trim() : fold([first, ...continuation.map((line) => line.trim())].map(stripComment)).trim();
  if (/^(null|Null|NULL|~)$/.test(plain)) return null;
  return { text: plain, quoted: false };
}

/** Folded continuation: a single line break reads as a space, each blank line as a newline. */
function fold(parts: readonly string[]): string {
  let out = parts[0] ?? "";
  let blanks = 0;
  for (const part of parts.slice(1)) {
    if (part === "") {
      blanks++;
      continue;
    }
    out += blanks > 0 ? "\n".repeat(blanks) + part : " " + part;
    blanks = 0;
  }
  return out;
}

function joinLines(first: string, continuation: readonly string[]): string[] {
  return continuation.length === 0 ? [first] : [first, ...continuation.map((line) => line.trim())];
}

function stripComment(part: string): string {
  const at = part.search(/[ \t]#/);
  return at === -1 ? part : part.slice(0, at);
}

function singleQuoted(parts: readonly string[], index: number): string {
  const body = fold(parts);
  let out = "";
  for (let i = 1; i < body.length; i++) {
    const char = body[i]!;
    if (char !== "'") {
      out += char;
    } else if (body[i + 1] === "'") {
      out += "'";
      i++;
    } else {
      if (body.slice(i + 1).trim() !== "") throw corrupt(index, "nothing after the closing quote", body.slice(i + 1));
      return out;
    }
  }
  throw corrupt(index, "a closing ' quote", "none");
}

const ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b", " ": " ",
  '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029",
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function doubleQuoted(parts: readonly string[], index: number): string {
  // A line ending in a backslash continues without the space that folding would insert.
  const joined: string[] = [];
  for (const part of parts) {
    const last = joined.length - 1;
    if (last >= 0 && /(^|[^\\])(\\\\)*\\$/.test(joined[last]!)) joined[last] = joined[last]!.slice(0, -1) + part;
    else joined.push(part);
  }
  const body = fold(joined);
  let out = "";
  for (let i = 1; i < body.length; i++) {
    const char = body[i]!;
    if (char === '"') {
      if (body.slice(i + 1).trim() !== "") throw corrupt(index, "nothing after the closing quote", body.slice(i + 1));
      return out;
    }
    if (char !== "\\") {
      out += char;
      continue;
    }
    const code = body[++i] ?? "";
    const width = HEX_ESCAPES[code];
    if (width !== undefined) {
      const hex = body.slice(i + 1, i + 1 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw corrupt(index, `${width} hex digits after \\${code}`, hex);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += width;
    } else if (ESCAPES[code] !== undefined) {
      out += ESCAPES[code];
    } else {
      throw corrupt(index, "a known escape sequence", `\\${code}`);
    }
  }
  throw corrupt(index, 'a closing " quote', "none");
}

function corrupt(index: number, expected: string, found: string): RuntreeError {
  const shown = found.length > 60 ? `${found.slice(0, 57)}...` : found;
  return new RuntreeError(ErrorCode.CorruptFile, `line ${index + 1}: expected ${expected}, found ${JSON.stringify(shown)}`, {
    expected,
    found: shown,
  });
}
