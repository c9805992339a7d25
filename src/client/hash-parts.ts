/** Reading `name=value&...` URL hashes; pure, so the node tests can use it as the browser does. */

/** The `name=value` parts of a hash (with or without `#`), values still percent-encoded; malformed parts skipped. */
export function hashParts(hash: string): Array<[name: string, value: string]> {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  const parts: Array<[string, string]> = [];
  for (const part of body.split("&")) {
    const eq = part.indexOf("=");
    if (eq > 0) parts.push([part.slice(0, eq), part.slice(eq + 1)]);
  }
  return parts;
}

/** A percent-encoded component, or null when it is malformed (a hand-edited link). */
export function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The parts of a hash that `names` owns, in their order, as `name=value&...`: a page's views share one hash. */
export function ownParts(hash: string, names: readonly string[]): string {
  return hashParts(hash)
    .filter(([name]) => names.includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}
