/**
 * The one way runtree turns data into file bytes: 2-space indent and a trailing newline, so that the same
 * record always gives the same bytes and git diffs stay small. Key order is the caller's insertion order;
 * records are built field by field in a fixed order, and maps (params, tags, metrics) are sorted here.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortMaps(value), null, 2) + "\n";
}

/** One line of a JSON Lines file: compact, with its newline. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value) + "\n";
}

/**
 * Sorts the keys of plain objects (prototype Object or none), recursively. Anything with `toJSON` (a Date,
 * a URL) becomes what `toJSON` returns, as in JSON.stringify; other objects are left to JSON.stringify.
 */
export function sortMaps(value: unknown): unknown {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return sortMaps((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortMaps);
  if (value === null || typeof value !== "object") return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  // No prototype, so a key named "__proto__" stays an ordinary key.
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of sortKeys(Object.keys(value))) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortMaps(v);
  }
  return out;
}

/** Code-unit order: the same on every machine and locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts `keys` in place in code-unit order and returns them. Keys mostly come in order already (readers list
 * files sorted, stable JSON writes maps sorted): a look costs less than a sort, which allocates even then.
 */
export function sortKeys<K extends string[]>(keys: K): K {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort(compareKeys);
  return keys;
}
