/**
 * Loads the data files written beside a run page (history chunks, a sweep's curves). They are classic
 * scripts, since file:// cannot fetch: each calls `__RUNTREE_CHUNK__(src, data)`. A script element is
 * injected only when the data is needed, once per file; the CSP's `script-src 'self'` allows it, and the
 * file's own name, passed back with its data, says which request it answers.
 */
import { CHUNK_CALLBACK } from "../../report/page-data.js";

interface Pending {
  readonly promise: Promise<unknown>;
  resolve(data: unknown): void;
}

const pending = new Map<string, Pending>();
const loaded = new Map<string, unknown>();

function install(): void {
  const global = window as unknown as Record<string, unknown>;
  if (typeof global[CHUNK_CALLBACK] === "function") return;
  global[CHUNK_CALLBACK] = (src: unknown, data: unknown): void => {
    if (typeof src !== "string") return;
    loaded.set(src, data);
    pending.get(src)?.resolve(data);
  };
}

/**
 * The data of the file at `src` (relative to the page).
 * @throws Error when the file cannot be loaded or does not hand over its data.
 */
export function loadChunk(src: string): Promise<unknown> {
  install();
  if (loaded.has(src)) return Promise.resolve(loaded.get(src));
  const known = pending.get(src);
  if (known) return known.promise;
  let resolve: (data: unknown) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<unknown>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  pending.set(src, { promise, resolve });
  const script = document.createElement("script");
  script.src = src;
  script.addEventListener("load", () => {
    script.remove();
    if (!loaded.has(src)) reject(new Error(`${src} did not hand over its data`));
  });
  script.addEventListener("error", () => {
    script.remove();
    pending.delete(src);
    reject(new Error(`${src} could not be loaded`));
  });
  document.head.appendChild(script);
  return promise;
}
