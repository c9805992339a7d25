/**
 * Runs a classic script from beside the page, by injecting a `<script src>`: a page opened from file://
 * cannot fetch, but it can run a script from its own folder (the CSP's `script-src 'self'`), and the script
 * hands its data over through a global its page set up. The element is removed once the script has run.
 */

let version = "";

/**
 * Makes every later load ask for `?v=<token>`: a live page's files change under the same names, and a
 * static host's cache must not hand back the old ones (from file:// the query is ignored).
 */
export function setScriptVersion(token: string): void {
  version = token;
}

/**
 * Settles once the script at `src` (relative to the page) has run.
 * @throws Error naming `src` when it cannot be loaded (a report copied without that file).
 * @example await loadScript("runs-1.js"); // window.__RUNTREE_SLICES__ now holds its slice
 */
export function loadScript(src: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = version === "" || src.includes("?") ? src : `${src}?v=${encodeURIComponent(version)}`;
    script.addEventListener("load", () => {
      script.remove();
      resolve();
    });
    script.addEventListener("error", () => {
      script.remove();
      reject(new Error(`${src} could not be loaded`));
    });
    document.head.appendChild(script);
  });
}
