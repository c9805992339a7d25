/**
 * Hints under a syntax error, for the mistakes people make most: a key written without its entity
 * (`lr = 0.1` for `params.lr = 0.1`, or `foo.lr`), and a key with a space left unquoted
 * (`params.learning rate = 0.1`). The CLI and the report's filter box show the same hints, from here. Only
 * keys the runs really have are suggested for a missing entity, so a hint never leads to another dead end.
 */
import { Lexer, type Token } from "./lexer.js";
import { ENTITY_EXPECTED, entityOf } from "./targets.js";

/** The keys the runs in scope have, per entity. */
export interface KeyLists {
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  readonly tagKeys: readonly string[];
}

/** What a hint needs of a `SearchSyntaxError` (or of the report's compiled filter). */
export interface SyntaxProblem {
  readonly text: string;
  readonly position: number;
  readonly expected: string;
  readonly found: string;
}

/**
 * The hint for a syntax error, or null when there is nothing useful to add.
 * @example searchHint(error, { paramKeys: ["lr"], metricKeys: [], tagKeys: [] }) // "did you mean params.lr?"
 */
export function searchHint(problem: SyntaxProblem, keys: KeyLists): string | null {
  return entityHint(problem.expected, problem.found, keys) ?? spaceHint(problem, keys);
}

/** "did you mean tags.x or params.x?" for an unknown entity or bare word; null when no such key exists. */
export function entityHint(expected: string, found: string, keys: KeyLists): string | null {
  if (expected !== ENTITY_EXPECTED) return null;
  // `foo.bar` names an unknown entity: the key is what follows the first dot.
  const dot = found.indexOf(".");
  const word = dot < 0 ? found : found.slice(dot + 1);
  if (word === "") return null;
  const candidates = [
    keys.tagKeys.includes(word) ? `tags.${word}` : null,
    keys.paramKeys.includes(word) ? `params.${word}` : null,
    keys.metricKeys.includes(word) ? `metrics.${word}` : null,
  ].filter((c): c is string => c !== null);
  if (candidates.length === 0) return null;
  const last = candidates.pop() ?? "";
  return `did you mean ${candidates.length > 0 ? `${candidates.join(", ")} or ${last}` : last}?`;
}

/** Words that end a key written with spaces: what may follow a key in a filter or an order-by clause. */
const AFTER_KEY = new Set(["AND", "OR", "NOT", "IN", "IS", "LIKE", "ILIKE", "ASC", "DESC"]);

/**
 * "a key with spaces goes in backticks: params.`learning rate`" when the error sits on a word that follows
 * an unquoted key after a space, the way `params.learning rate = 0.1` fails. Not when the runs have the
 * key as written and not the longer one: `metrics.loss UP` is a wrong direction, not a key with a space.
 */
export function spaceHint(problem: SyntaxProblem, keys: KeyLists = NO_KEYS): string | null {
  const { text, position } = problem;
  let tokens: Token[];
  try {
    tokens = tokensOf(text);
  } catch {
    return null; // an unclosed quote: no key to rebuild
  }
  const at = tokens.findIndex((token) => token.start === position);
  const key = tokens[at - 1];
  if (at < 1 || key === undefined || key.kind !== "ref" || key.end === position) return null;
  if (/^["'`]/.test(text.slice(key.keyStart))) return null;
  let end = key.end;
  for (const token of tokens.slice(at)) {
    const continues = (token.kind === "word" && !AFTER_KEY.has(token.text.toUpperCase())) || token.kind === "number" || token.kind === "other";
    if (!continues) break;
    end = token.end;
  }
  if (end === key.end) return null;
  const spaced = text.slice(key.keyStart, end);
  const known = keysOf(entityOf(key.prefix), keys);
  if (known.includes(key.key) && !known.includes(spaced)) return null;
  const prefix = text.slice(key.start, key.keyStart - 1);
  return `a key with spaces goes in backticks: ${prefix}.\`${spaced.replace(/`/g, "``")}\``;
}

const NO_KEYS: KeyLists = { paramKeys: [], metricKeys: [], tagKeys: [] };

function keysOf(entity: ReturnType<typeof entityOf>, keys: KeyLists): readonly string[] {
  if (entity === "param") return keys.paramKeys;
  if (entity === "metric") return keys.metricKeys;
  return entity === "tag" ? keys.tagKeys : [];
}

function tokensOf(text: string): Token[] {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (let token = lexer.next(); token.kind !== "end"; token = lexer.next()) tokens.push(token);
  return tokens;
}
