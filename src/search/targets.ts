/**
 * What a reference like `metrics.loss`, `param."my key"`, `` `tags`.team `` or `run.status` names, and what
 * may be compared with it. Shared by the filter parser and the order-by parser so both accept the same
 * spellings: MLflow's entity words, bare or backquoted, with the key bare or quoted; and a bare attribute
 * name, also backquoted or double-quoted (`` `run name` = 'x' ``), as MLflow reads one.
 */
import { ATTRIBUTES, type AttributeName, type Target } from "./ast.js";
import { END_OF_INPUT, SearchSyntaxError } from "./errors.js";
import type { Token } from "./lexer.js";

/** Every spelling MLflow accepts, lower-cased; prefixes are case-insensitive. */
const PREFIXES: Readonly<Record<string, Target["kind"]>> = {
  metric: "metric",
  metrics: "metric",
  param: "param",
  params: "param",
  parameter: "param",
  parameters: "param",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
};

/** MLflow's alternative attribute names. */
const ATTRIBUTE_ALIASES: Readonly<Record<string, AttributeName>> = {
  created: "start_time",
  "run name": "run_name",
};

export const ENTITY_EXPECTED = "an entity (metrics.<key>, params.<key>, tags.<key> or attributes.<name>)";
const ATTRIBUTE_EXPECTED = `an attribute (${ATTRIBUTES.join(", ")})`;

/** The entity a prefix names (`metrics`, `` `param` ``, `TAGS`...), or null. */
export function entityOf(prefix: string): Target["kind"] | null {
  const lower = prefix.toLowerCase();
  return Object.hasOwn(PREFIXES, lower) ? (PREFIXES[lower] ?? null) : null;
}

/** The attribute a name denotes (case-insensitive, aliases resolved), or null. */
export function attributeNamed(name: string): AttributeName | null {
  const lower = name.toLowerCase();
  const direct = ATTRIBUTES.find((attribute) => attribute === lower);
  return direct ?? (Object.hasOwn(ATTRIBUTE_ALIASES, lower) ? (ATTRIBUTE_ALIASES[lower] ?? null) : null);
}

/** A token that can start a target: what the parsers test before calling `readTarget`. */
export function mayBeTarget(token: Token): boolean {
  return token.kind === "word" || token.kind === "ref" || token.kind === "name" || isDoubleQuoted(token);
}

/**
 * The target a token names: `prefix.key`, or a bare attribute name as MLflow allows (`status = 'FAILED'`,
 * `` `run name` = 'x' ``, `"status" = 'x'`). Throws a `SearchSyntaxError` pointing at the prefix or the key
 * that is wrong.
 */
export function readTarget(token: Token, text: string): Target {
  if (token.kind === "ref") return refTarget(token, text);
  const name = token.kind === "word" ? token.text : token.kind === "name" || isDoubleQuoted(token) ? token.value : null;
  const attribute = name === null ? null : attributeNamed(name);
  if (attribute === null) throw new SearchSyntaxError(text, token.start, ENTITY_EXPECTED, foundText(token));
  return { kind: "attribute", key: attribute };
}

/**
 * An order-by clause's target. MLflow also reads a whole quoted reference there (`` `metrics.val loss` ``,
 * `"params.my key"`: it unquotes the clause before splitting it at the first dot), so a quoted name with a
 * dot is `prefix.key`; anything else reads as in a filter.
 */
export function readOrderTarget(token: Token, text: string): Target {
  const quoted = token.kind === "name" || isDoubleQuoted(token) ? token.value : null;
  const dot = quoted === null ? -1 : quoted.indexOf(".");
  if (quoted === null || dot < 0) return readTarget(token, text);
  const prefix = quoted.slice(0, dot);
  // The key starts after the opening quote, the prefix and the dot (exact unless the prefix holds escapes).
  return refTarget({ ...token, prefix, key: quoted.slice(dot + 1), keyStart: token.start + 1 + dot + 1, end: token.end - 1 }, text);
}

function refTarget(token: Pick<Extract<Token, { kind: "ref" }>, "prefix" | "key" | "keyStart" | "start" | "end" | "text">, text: string): Target {
  const lowerPrefix = token.prefix.toLowerCase();
  const kind = Object.hasOwn(PREFIXES, lowerPrefix) ? PREFIXES[lowerPrefix] : undefined;
  if (kind === undefined) throw new SearchSyntaxError(text, token.start, ENTITY_EXPECTED, token.text);
  const keyText = text.slice(token.keyStart, token.end);
  if (kind === "attribute") {
    const attribute = attributeNamed(token.key);
    if (attribute === null) {
      throw new SearchSyntaxError(text, token.keyStart, ATTRIBUTE_EXPECTED, keyText || foundAfter(token, text));
    }
    return { kind, key: attribute };
  }
  if (token.key === "") {
    const expected = `a key after "${token.prefix}." (quote it with " or \` if it has spaces)`;
    throw new SearchSyntaxError(text, token.keyStart, expected, keyText || foundAfter(token, text));
  }
  return { kind, key: token.key };
}

function isDoubleQuoted(token: Token): token is Token & { kind: "string" } {
  return token.kind === "string" && token.text.startsWith('"');
}

/** How a target is written back in messages: `metrics.loss`, `attributes.status`. */
export function describeTarget(target: Target): string {
  const prefix = target.kind === "attribute" ? "attributes" : `${target.kind}s`;
  return `${prefix}.${target.key}`;
}

/** The kind of constant a target compares with. */
export type ValueKind = "number" | "string" | "any";

export function valueKindOf(target: Target): ValueKind {
  switch (target.kind) {
    case "metric":
      return "number";
    case "param":
    case "tag":
      return "any";
    case "attribute":
      return target.key === "start_time" || target.key === "end_time" ? "number" : "string";
  }
}

/** A token as the `found` part of an error. */
export function foundText(token: Token): string {
  return token.kind === "end" ? END_OF_INPUT : token.text;
}

/** What follows an empty key: the next word or character. */
function foundAfter(token: Pick<Token, "end">, text: string): string {
  const next = /^([\p{L}\p{N}_]+|\S)/u.exec(text.slice(token.end).trimStart());
  return next?.[0] ?? END_OF_INPUT;
}
