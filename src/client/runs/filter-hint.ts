/**
 * A hint under a filter error that names a key without its entity (`lr = 0.1` instead of
 * `params.lr = 0.1`, or `foo.lr`): the reader most likely meant a key the experiment has. Only keys the
 * experiment really has are suggested, so the hint never sends anyone to another dead end.
 */
import type { KeyLists } from "./columns.js";

type Keys = KeyLists;

/** "did you mean tags.x or params.x?" for an unknown entity or bare word; null when no such key exists. */
export function entityHint(expected: string, found: string, keys: Keys): string | null {
  if (!expected.startsWith("an entity")) return null;
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
