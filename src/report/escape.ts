/**
 * Every way a user string (a run name, a param value, an artifact path) is made safe for the place it lands
 * in. Templates escape interpolations with `escapeHtml` (eta's `escapeFunction`); the few raw outputs are
 * JSON built by `jsonForScript` (or `jsonExpression` for a script file), hrefs built from `encodePath`, and a
 * run's note rendered by `markdown.ts` (which escapes every text piece with `escapeHtml`). Nothing else writes raw markup.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text for an element's content or a double- or single-quoted attribute value: the five characters that
 * can end a text run or an attribute are replaced by entities. Attributes are always quoted in templates.
 *
 * @example escapeHtml(`"><img src=x>`) // "&quot;&gt;&lt;img src=x&gt;"
 */
export function escapeHtml(value: unknown): string {
  const text = String(value);
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c) : text;
}

/** Attribute values: the same entities as text (templates always quote attributes). */
export const escapeAttr = escapeHtml;

/**
 * One path segment for a relative URL: everything but unreserved characters is percent-encoded, so a name
 * can never introduce a scheme (`javascript:`), a query, a fragment or another segment.
 *
 * @example encodeSegment("a b?.png") // "a%20b%3F.png"
 */
export function encodeSegment(segment: string): string {
  // encodeURIComponent leaves ! ' ( ) * alone; they are harmless in a path but quote-like in attributes.
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Characters `encodeSegment` leaves as they are, and the separator: a path made of these only is its own encoding. */
const PLAIN_PATH = /^[A-Za-z0-9_.~/-]*$/;

/** A relative posix path (`runs/<id>/index.html`) as a URL path, segment by segment. */
export function encodePath(path: string): string {
  // Most paths are the site's own (hex ids, slugs): checked once instead of encoded segment by segment.
  if (PLAIN_PATH.test(path)) return path;
  return path.split("/").map((segment) => (segment === ".." || segment === "." ? segment : encodeSegment(segment))).join("/");
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON that is safe inside `<script type="application/json">` and inside a JS file: `<` can never form
 * `</script>` or `<!--`, and the line separators U+2028/U+2029 are escaped for older JS parsers. The result
 * still parses with `JSON.parse` to the same value. Non-finite numbers must be encoded before (see
 * `metric-value.ts`); `JSON.stringify` would turn them into `null`.
 *
 * @example jsonForScript({ name: "</script>" }) // '{"name":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c] ?? c);
}

/**
 * A JavaScript expression that evaluates to `value`, for a script file (`data.js`): `JSON.parse('<json>')`.
 * Not an object literal, because in a literal the key `"__proto__"` sets the prototype instead of making a
 * property, and a param named `__proto__` would vanish. The JSON is `jsonForScript`'s, inside a
 * single-quoted string where only `\` and `'` need escaping.
 *
 * @example jsonExpression({ name: "it's" }) // JSON.parse('{"name":"it\'s"}')
 */
export function jsonExpression(value: unknown): string {
  return `JSON.parse('${jsonForScript(value).replace(/[\\']/g, "\\$&")}')`;
}
