/**
 * What a build reads of the store: every experiment folder, except those a rebuild takes over whole from the
 * last build (experiment-freeze.ts), whose records and problems come from the manifest instead. A run read
 * now that links into a folder taken over makes the build read that folder after all (and every other).
 */
import { resolve } from "node:path";
import { FILE } from "../format/records.js";
import { readStore } from "../load/read-store.js";
import type { StoreFormat } from "../load/store-format.js";
import type { HistoryShelf } from "../mlflow/history-shelf.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import type { BuildManifest } from "./build-manifest.js";
import { frozenFolders, linksInto, lookAtFolders, type FolderLook, type FrozenExperiment } from "./experiment-freeze.js";
import type { RunFileCache } from "./run-file-cache.js";
import type { SiteFolders } from "./site-folders.js";

/** Thrown when something a build took over turns out not to be there as it was: the build is made again, whole. */
export class FrozenGone extends Error {}

export interface BuildRead {
  /** The store as read, with the records and problems of the folders taken over. */
  readonly snapshot: StoreSnapshot;
  readonly looks: ReadonlyMap<string, FolderLook>;
  readonly frozen: ReadonlyMap<string, FrozenExperiment>;
}

/**
 * Whether the report still holds the pages of an experiment taken over whole: its folder, and one folder
 * per run page it had (`runs/<id>`, among its store folder's run ids), as the site writer checks what it
 * keeps, by folder.
 */
function sitePresence(site: Pick<SiteFolders, "peek">): (slug: string, ids: readonly string[], runPages: number) => boolean {
  return (slug, ids, runPages) => site.peek("experiments", slug) && ids.reduce((n, id) => n + (site.peek("runs", id) ? 1 : 0), 0) === runPages;
}

export async function readForBuild(input: {
  readonly store: string;
  readonly format: StoreFormat;
  /** The last build's manifest, when trusted and folders may be taken over from it. */
  readonly previous: BuildManifest | null;
  /** The report folder, looked at (nothing is made in it before the build holds its lock). */
  readonly site: Pick<SiteFolders, "peek">;
  readonly cache: RunFileCache;
  /** Where an MLflow store's metric histories are kept for the run pages' charts. */
  readonly histories: HistoryShelf;
  /** Threads beside this one that share the reading of a big MLflow experiment (mlflow/read-pool.ts). */
  readonly workers: number;
  readonly now: number;
  readonly onProgress: (done: number) => void;
}): Promise<BuildRead> {
  const { store, cache, onProgress } = input;
  const looks = input.format === "runtree" ? await lookAtFolders(resolve(store), input.now) : new Map<string, FolderLook>();
  let frozen = frozenFolders(looks, input.previous, sitePresence(input.site));
  // The folders read: their runs' fingerprints were taken by the look, before anything of them was read.
  const taken = (skip: ReadonlyMap<string, unknown>) => {
    for (const [dir, { ids, fingerprints }] of looks) if (!skip.has(dir)) fingerprints().forEach((fp, n) => cache.taken(`${dir}/${ids[n]}/${FILE.run}`, fp));
  };
  taken(frozen);
  let snapshot = await readStore(store, { onProgress, reuse: cache, skip: new Set(frozen.keys()), histories: input.histories, workers: input.workers });
  if (frozen.size > 0 && linksInto(snapshot.runs, frozen, looks)) {
    taken(new Map());
    frozen = new Map();
    snapshot = await readStore(store, { onProgress, reuse: cache });
  }
  if (frozen.size === 0) return { snapshot, looks, frozen };
  const kept = [...frozen.values()];
  const experiments = [...snapshot.experiments, ...kept.map((f) => f.stored)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { snapshot: { ...snapshot, experiments, problems: [...snapshot.problems, ...kept.flatMap((f) => f.problems)] }, looks, frozen };
}
