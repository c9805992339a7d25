/**
 * Writing a view into the URL hash without adding a history entry per change (the back button must still
 * leave the page, not step through every click).
 */

/** Replaces the current URL's hash (without `#`; "" removes it). */
export function writeHash(hash: string): void {
  const base = window.location.href.split("#")[0] ?? "";
  const url = hash === "" ? base : `${base}#${hash}`;
  if (url === window.location.href) return;
  try {
    window.history.replaceState(window.history.state, "", url);
  } catch {
    // Some browsers refuse replaceState on file:// pages; a fragment-only replace works everywhere.
    window.location.replace(`#${hash}`);
  }
}


/**
 * Replaces the hash parts named in `owned` with `parts` (a `name=value&...` string, "" for none), keeping
 * every other part: the run page's charts and its sweep view each own some names of one hash.
 */
export function updateHash(owned: readonly string[], parts: string): void {
  const current = window.location.hash.replace(/^#/, "");
  const kept = current === "" ? [] : current.split("&").filter((part) => !owned.includes(part.slice(0, part.indexOf("="))));
  writeHash([...kept, ...(parts === "" ? [] : [parts])].join("&"));
}
