/**
 * Loads the data files written beside a run page (history chunks, a sweep's curves). They are classic
 * scripts, since file:// cannot fetch: each calls `__RUNTREE_CHUNK__(src, data)`. A file is loaded only
 * when its data is needed, once; the file's own name, passed back with its data, says which request it
 * answers.
 */
import { CHUNK_CALLBACK } from "../../report/page-data.js";
import { loadScript } from "../load-script.js";

const pending = new Map<string, Promise<unknown>>();
const loaded = new Map<string, unknown>();

function install(): void {
  const global = window as unknown as Record<string, unknown>;
  if (typeof global[CHUNK_CALLBACK] === "function") return;
  global[CHUNK_CALLBACK] = (src: unknown, data: unknown): void => {
    if (typeof src !== "string") return;
    loaded.set(src, data);
  };
}

/** Forgets every file loaded so far: a live page's files may have been rewritten since (client/live.ts). */
export function forgetChunks(): void {
  pending.clear();
  loaded.clear();
}

/**
 * The data of the file at `src` (relative to the page).
 * @throws Error when the file cannot be loaded or does not hand over its data.
 */
export function loadChunk(src: string): Promise<unknown> {
  install();
  if (loaded.has(src)) return Promise.resolve(loaded.get(src));
  const known = pending.get(src);
  if (known) return known;
  const promise = loadScript(src).then(() => {
    if (!loaded.has(src)) throw new Error(`${src} did not hand over its data`);
    return loaded.get(src);
  });
  // A failed load may be retried (the file may appear); a loaded one is kept in `loaded`.
  promise.catch(() => pending.delete(src));
  pending.set(src, promise);
  return promise;
}
