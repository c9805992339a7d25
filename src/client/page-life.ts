/**
 * The life of what the script mounted on the page. A live page (client/live.ts) swaps in new content and
 * mounts again; whatever the previous mount hung on `window` or `document` (a hashchange or resize
 * listener, a background loader) must stop with it, or every refresh would leave one more behind. Such
 * listeners take `pageSignal()`, and loops check it; `renewPage()` ends them all before a new mount.
 */
let controller = new AbortController();

/** Aborted when the content it was taken for is replaced. */
export function pageSignal(): AbortSignal {
  return controller.signal;
}

/** Ends everything tied to the current content. */
export function renewPage(): void {
  controller.abort();
  controller = new AbortController();
}
