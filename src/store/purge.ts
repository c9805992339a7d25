/**
 * Purging: the folders of deleted runs removed for good (MLflow's `mlflow gc`). Only runs deleted at least
 * `olderThan` ago go, and a run goes only with everything below it: a deleted sweep whose trial was restored
 * on its own stays, so that no active run is left pointing at a parent that no longer exists. The child link
 * a purged run left in its parent's folder goes with it, so `runtree check` finds nothing stale.
 *
 * Each folder is removed under the run's claim, after reading its record once more: a run restored a moment
 * ago is not purged.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RunRecord } from "../model/run-record.js";
import { buildForest, descendants } from "../model/tree.js";
import { readRuntreeStore } from "../reader/read-store.js";
import { removeChildLink } from "./child-links.js";
import { liveWriter } from "./live-writer.js";
import { withRunClaim } from "./run-claim.js";
import { readRunFileAt } from "./run-file-at.js";

export interface PurgeOptions {
  /** Only runs deleted at least this many milliseconds ago; default 0 (every deleted run). */
  readonly olderThan?: number;
  /** List what would be removed, remove nothing. */
  readonly dryRun?: boolean;
}

export interface PurgedRun {
  readonly id: string;
  readonly name: string;
  readonly experiment: string;
  /** The run's folder relative to the store's root (`<experiment dir>/<id>`). */
  readonly path: string;
  readonly deletedTime: number;
}

export interface PurgeResult {
  /** Removed (or, with `dryRun`, to be removed), sorted by path. */
  readonly purged: readonly PurgedRun[];
  /** Deleted runs old enough but kept, with why. */
  readonly kept: ReadonlyArray<{ readonly id: string; readonly path: string; readonly reason: string }>;
}

export async function purgeDeleted(root: string, now: number, options: PurgeOptions = {}): Promise<PurgeResult> {
  const { runs } = await readRuntreeStore(root);
  const olderThan = options.olderThan ?? 0;
  const due = (run: RunRecord) => run.deleted !== undefined && now - run.deleted.time >= olderThan;
  const forest = buildForest(runs);
  const byId = new Map(runs.map((run) => [run.id, run]));
  const purged: PurgedRun[] = [];
  const kept: Array<{ id: string; path: string; reason: string }> = [];
  for (const run of runs.filter(due)) {
    const path = `${run.experimentDir}/${run.id}`;
    const staying = descendants(forest, run.id).filter((below) => !due(below));
    if (staying.length > 0) {
      const active = staying.filter((below) => below.deleted === undefined).length;
      const reason = `${staying.length} run(s) below it stay (${active} active, ${staying.length - active} deleted more recently)`;
      kept.push({ id: run.id, path, reason });
      continue;
    }
    purged.push({ id: run.id, name: run.name, experiment: run.experiment, path, deletedTime: run.deleted!.time });
  }
  purged.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (options.dryRun) return { purged, kept };

  const done: PurgedRun[] = [];
  for (const entry of purged) {
    const run = byId.get(entry.id)!;
    const removed = await withRunClaim(run.dir, run.id, () => {
      const file = readRunFileAt({ dir: run.dir, experimentDir: run.experimentDir }, run.id);
      if (file.deleted === undefined || liveWriter(file) !== undefined) return false;
      rmSync(run.dir, { recursive: true, force: true });
      return true;
    });
    if (!removed) {
      kept.push({ id: entry.id, path: entry.path, reason: "restored (or resumed) while purging" });
      continue;
    }
    if (run.parentId !== null) removeChildLink(join(dirname(run.dir), run.parentId), run.id);
    done.push(entry);
  }
  return { purged: done, kept };
}
