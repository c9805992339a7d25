/**
 * A string-keyed record without a prototype. User keys such as `constructor`, `toString` or `__proto__`
 * are valid param, metric and tag keys; in a plain `{}` they would read inherited properties or, for
 * `__proto__`, replace the prototype instead of storing a value.
 */
export function dictionary<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}
