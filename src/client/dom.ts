/**
 * Element construction for the browser script. Text is only ever set through `textContent`, so a hostile
 * run name or param value can never become markup; attributes go through `setAttribute`, which never parses
 * HTML either. Styles are never set as an attribute: the page's CSP forbids inline style attributes.
 */

/** Attribute values; `false`/`null`/`undefined` leave the attribute out, `true` sets it empty. */
export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;
export type Child = Node | string | number | null | undefined | false;

function setAttrs(element: Element, attrs: Attrs): void {
  // for...in, not Object.entries: a runs table sets thousands of attributes, and this allocates nothing.
  for (const name in attrs) {
    const value = attrs[name];
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element; presentation attributes (fill, stroke, x, y) are attributes, which the CSP allows. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** Ids are hex, but the markup is hostile by rule: escape before putting one into a selector. */
export function cssEscape(value: string): string {
  return typeof CSS !== "undefined" && typeof CSS.escape === "function" ? CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
}
