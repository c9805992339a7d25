/**
 * Loads the slices of an experiment's runs that are not in `data.js` (page-data.ts), by script tag: a page
 * opened from file:// cannot fetch, but it can run a script from its own folder, and each slice file
 * appends itself to a global list. What the reader asks for (a tree to expand, a page) is loaded at once;
 * everything else follows in the background, one slice at a time so the page stays responsive, so that a
 * filter or a sort finds every run in place. A slice that cannot be loaded (a report copied without it)
 * fails the requests that need it, with the file's name; the rest of the page keeps working.
 */
import type { RunSlice } from "../../report/page-data.js";
import { loadScript } from "../load-script.js";
import { pageSignal } from "../page-life.js";
import type { RunData } from "./run-data.js";

declare global {
  interface Window {
    __RUNTREE_SLICES__?: RunSlice[];
  }
}

export interface SliceLoader {
  /** Null when every run numbered in [from, to) is loaded; else a promise that settles once they are. */
  need(from: number, to: number): Promise<void> | null;
  /** Starts loading every remaining slice, one after another. */
  loadRest(): void;
}

export interface LoaderEvents {
  /** Slice `k` has been added to the data. */
  readonly onSlice: (k: number) => void;
  /** A slice could not be loaded: `file` is its name. */
  readonly onError: (file: string) => void;
}

export const sliceFile = (k: number): string => `runs-${k}.js`;

export function createSliceLoader(data: RunData, events: LoaderEvents): SliceLoader {
  const loading = new Map<number, Promise<void>>();
  // Once the page's content is replaced (a live refresh), the slices that arrive are the next loader's.
  const signal = pageSignal();

  /** Adds every slice the loaded scripts have appended so far. */
  function drain(): void {
    if (signal.aborted) return;
    const list = window.__RUNTREE_SLICES__ ?? [];
    while (list.length > 0) {
      const slice = list.shift()!;
      const k = data.sliceStartingAt(slice.start);
      if (k >= 0 && !data.isSliceLoaded(k)) {
        data.add(slice);
        events.onSlice(k);
      }
    }
  }

  function load(k: number): Promise<void> {
    const known = loading.get(k);
    if (known) return known;
    const file = sliceFile(k);
    const promise = loadScript(file).then(() => {
      drain();
      if (!data.isSliceLoaded(k)) throw new Error(`${file} holds no slice ${k}`);
    });
    promise.catch(() => events.onError(file));
    loading.set(k, promise);
    return promise;
  }

  return {
    need(from, to) {
      const wanted: number[] = [];
      if (to > from) for (let k = data.sliceOf(from); k <= data.sliceOf(to - 1); k++) if (!data.isSliceLoaded(k)) wanted.push(k);
      return wanted.length === 0 ? null : Promise.all(wanted.map(load)).then(() => undefined);
    },
    loadRest() {
      const next = async (): Promise<void> => {
        for (let k = 0; k < data.sliceCount; k++) {
          if (signal.aborted) return;
          if (data.isSliceLoaded(k)) continue;
          await load(k);
          // A turn of the event loop between slices, so input is handled while the rest loads.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      };
      next().catch(() => undefined);
    },
  };
}
