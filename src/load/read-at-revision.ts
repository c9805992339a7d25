/**
 * The store as committed at a git revision, read through the same readers as the working tree (runtree's
 * or MLflow's layout, picked as `readStore` picks it). A store that did not exist yet at that commit reads
 * as an empty store: everything in it since then is new.
 */
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { openGitStore } from "../source/git-source.js";
import { readStore } from "./read-store.js";

export interface StoreAtRevision {
  /** The full commit id the revision named. */
  readonly commit: string;
  /** False when the store's folder did not exist at that commit (the snapshot is then empty). */
  readonly existed: boolean;
  readonly snapshot: StoreSnapshot;
}

/**
 * @param storeDir the store's folder in the working tree (it need not exist there now).
 * @throws RuntreeError NOT_IN_GIT_REPOSITORY, UNKNOWN_REVISION, SHALLOW_CLONE or GIT_UNAVAILABLE.
 * @example const base = await readStoreAt("mlruns", "origin/main"); base.snapshot.runs.length
 */
export async function readStoreAt(storeDir: string, revision: string): Promise<StoreAtRevision> {
  const git = await openGitStore(storeDir, revision);
  try {
    const snapshot: StoreSnapshot = git.exists
      ? await readStore(git.source)
      : { root: git.source.root, format: "runtree", experiments: [], runs: [], problems: [] };
    return { commit: git.commit, existed: git.exists, snapshot };
  } finally {
    await git.close();
  }
}
