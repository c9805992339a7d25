/**
 * Changing a run after its script: read its `run.json`, check that no live process is writing it, apply a
 * pure change, validate, and write it back atomically (durably: edits are rare and made by hand). Only that
 * one file changes, which is what keeps two clones that edit different runs merge-clean. A change that
 * leaves the record as it was writes nothing, so it leaves no diff for git either.
 */
import { join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { FILE, type RunFile } from "../format/records.js";
import { stableJson } from "../format/stable-json.js";
import { assertNoLiveWriter } from "./live-writer.js";
import { withRunClaim } from "./run-claim.js";
import { checkedRunFile } from "./run-file.js";
import { locateRunFile, readRunFileAt } from "./run-file-at.js";
import { writeFileAtomicSync } from "./write-file.js";

/** A change to a run's record: pure, throwing a RuntreeError for bad input. */
export type RunChange = (file: RunFile) => RunFile;

export interface EditOptions {
  /** Whether the change applies to a deleted run (restoring, deleting again); default false: RUN_DELETED. */
  readonly deletedToo?: boolean;
}

export interface Edited {
  readonly before: RunFile;
  readonly after: RunFile;
  /** False when the change left the record as it was (nothing was written). */
  readonly changed: boolean;
}

/**
 * Applies `change` to the run `id` of the store at `root`; `action` names it in errors ("set a tag on").
 * @throws RuntreeError RUN_NOT_FOUND, RUN_LIVE, RUN_DELETED, RUN_BUSY, or what `change` throws; nothing is
 * written then.
 */
export async function editRun(root: string, id: string, action: string, change: RunChange, options: EditOptions = {}): Promise<Edited> {
  const located = locateRunFile(root, id);
  const check = (file: RunFile) => {
    assertNoLiveWriter(file, action);
    if (file.deleted && !options.deletedToo) throw deletedError(file, action);
  };
  // A first pass without the claim: bad input and a live writer fail fast, and the validator is compiled
  // before the claim is taken, so the claim is held for a read and a write only.
  const first = readRunFileAt(located, id);
  check(first);
  change(first);
  return withRunClaim(located.dir, id, () => {
    // Read under the claim: what another editor wrote a moment ago is what this change applies to.
    const before = readRunFileAt(located, id);
    check(before);
    const after = change(before);
    const bytes = stableJson(after);
    if (bytes === stableJson(before)) return { before, after: before, changed: false };
    checkedRunFile(after);
    writeFileAtomicSync(join(located.dir, FILE.run), bytes, true);
    return { before, after, changed: true };
  });
}

/** RUN_DELETED: as MLflow, a deleted run takes no changes until it is restored. */
export function deletedError(file: RunFile, action: string): RuntreeError {
  return new RuntreeError(ErrorCode.RunDeleted, `Run ${file.id} (${file.name}) is deleted; restore it (store.restoreRun, runtree restore) before you ${action} it.`, {
    run: file.id,
    expected: "an active run",
    found: "deleted",
  });
}
