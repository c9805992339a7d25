/**
 * Soft deletion, as MLflow's `delete_run` / `restore_run`: a deleted run keeps its files and its record
 * says `deleted: { time }`; readers leave it out of searches and the report by default, and `purge` removes
 * it for good later. Unlike MLflow, a run is deleted with everything below it (a sweep goes with its
 * trials): each descendant records the ancestor it went with, so restoring that ancestor brings back exactly
 * what its deletion took, and not a trial that had been deleted on its own before.
 *
 * Each run's change is its own `run.json` edit (see `edit-run.ts`): nothing outside the runs' folders is
 * written. Nothing is deleted while a live process writes any run of the tree.
 */
import { dirname, join } from "node:path";
import type { DeletedFile, RunFile } from "../format/records.js";
import { editRun } from "./edit-run.js";
import { assertNoLiveWriter } from "./live-writer.js";
import { locateRunFile, readRunFileAt } from "./run-file-at.js";
import { descendantIds } from "./subtree.js";

/**
 * Deletes the run `id` and every run below it that is not deleted yet; returns the ids it deleted, the run
 * first. Deleting a deleted run deletes only what below it is still active.
 */
export async function deleteRunTree(root: string, id: string, now: number): Promise<string[]> {
  const { tree } = readTree(root, id);
  for (const file of tree) assertNoLiveWriter(file, "delete");
  const deleted: string[] = [];
  // Deepest first: if a write fails midway, what is left is a parent that still shows, not orphans.
  for (const file of [...tree].reverse()) {
    const mark: DeletedFile = file.id === id ? { time: now } : { time: now, ancestor: id };
    const edit = await editRun(root, file.id, "delete", (f) => (f.deleted ? f : { ...f, deleted: mark }), { deletedToo: true });
    if (edit.changed) deleted.push(file.id);
  }
  return deleted.reverse();
}

/**
 * Restores the run `id` and the runs below it that went with the same deletion (deleted along with `id`, or
 * along with the ancestor `id` itself went with); returns the ids it restored, the run first.
 */
export async function restoreRunTree(root: string, id: string): Promise<string[]> {
  const { tree } = readTree(root, id);
  const target = tree[0]!;
  const event = target.deleted?.ancestor ?? id;
  const restored: string[] = [];
  for (const file of tree) {
    if (file.id !== id && file.deleted?.ancestor !== event) continue;
    const edit = await editRun(root, file.id, "restore", restore, { deletedToo: true });
    if (edit.changed) restored.push(file.id);
  }
  return restored;
}

function restore(file: RunFile): RunFile {
  const { deleted: _deleted, ...rest } = file;
  return rest;
}

/** The run and the runs below it (parents first), each record read and checked. */
function readTree(root: string, id: string): { tree: RunFile[] } {
  const located = locateRunFile(root, id);
  const experimentPath = dirname(located.dir);
  const tree = [readRunFileAt(located, id)];
  for (const child of descendantIds(experimentPath, id)) {
    tree.push(readRunFileAt({ dir: join(experimentPath, child), experimentDir: located.experimentDir }, child));
  }
  return { tree };
}
