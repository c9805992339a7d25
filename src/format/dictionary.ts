/**
 * Records keyed by user-chosen strings (params, metrics, tags, histories). `constructor`, `toString` or
 * `__proto__` are valid keys: in a plain `{}` a lookup of an absent one finds Object.prototype's member, and
 * an assignment to `__proto__` replaces the prototype instead of storing a value. So user-keyed records are
 * built with `dictionary` (no prototype at all) and read with `own` (own properties only, whatever the
 * record's origin: `JSON.parse`, a caller's object literal).
 */

/**
 * A string-keyed record without a prototype.
 *
 * @example
 * const params = dictionary([["__proto__", "x"]]); // params.__proto__ === "x"; params.toString === undefined
 */
export function dictionary<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** A null-prototype copy of a record's own entries. */
export function toDictionary<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  // A loop rather than dictionary(Object.entries(record)): the reader makes several of these per run.
  const out = Object.create(null) as Record<string, V>;
  for (const key of Object.keys(record)) out[key] = record[key] as V;
  return out;
}

/**
 * The value stored under `key` in the record itself, or undefined: never a member inherited from
 * Object.prototype.
 *
 * @example
 * own({ lr: 0.1 }, "constructor") // undefined
 */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
