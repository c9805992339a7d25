/**
 * The server's runs table for readers without scripting sits in a `<noscript>` inside `#runtree-runs`. With
 * scripting on, the browser keeps that as text: no DOM is built and nothing is laid out for a table the
 * script replaces anyway. When the script cannot show its own table (data.js is missing, something failed),
 * the server's table is put back from that text. The text is the page's own markup, every user string in it
 * escaped by the builder; it is parsed into an inert document (nothing in it can run) and moved into the
 * page, which then shows what it shows without scripting.
 */
export function restoreStaticTable(container: HTMLElement): void {
  const noscript = container.querySelector(":scope > noscript");
  if (!noscript) return;
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${noscript.textContent ?? ""}`, "text/html");
  // A copy of the list first: moving the nodes empties the live one as it goes.
  noscript.replaceWith(...Array.from(parsed.body.childNodes));
}
