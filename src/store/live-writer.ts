/**
 * Who may still be writing a run. A RUNNING run names its owner process in `run.json`; while that process
 * lives, it is the run's only writer, so edits from elsewhere (tags, a rename, a note, deletion) and a
 * resume are refused. The owner is judged as the reader judges it (`format/owner.ts`): gone only when we
 * can tell, so an owner on another machine always counts as live.
 */
import { hostname } from "node:os";
import { ErrorCode, RuntreeError } from "../errors.js";
import { isOwnerGone } from "../format/owner.js";
import type { OwnerFile, RunFile } from "../format/records.js";

/**
 * The process that may be writing `file`, or undefined when none can be: the run has ended, its owner is
 * gone (abandoned), or no owner is recorded (a run imported from MLflow, which records none).
 */
export function liveWriter(file: RunFile): OwnerFile | undefined {
  if (file.status !== "RUNNING" || file.owner === undefined) return undefined;
  return isOwnerGone(file.owner) ? undefined : file.owner;
}

/** RUN_LIVE, naming the process and saying why it still counts as live. */
export function liveWriterError(file: RunFile, owner: OwnerFile, action: string): RuntreeError {
  const where = `process ${owner.pid} on host ${JSON.stringify(owner.host)}`;
  const why =
    owner.host !== hostname()
      ? " (another machine: runtree cannot tell from here whether that process still runs)"
      : owner.pid === process.pid
        ? " (this process: use the Run object's own methods, or end it first)"
        : "";
  return new RuntreeError(
    ErrorCode.RunLive,
    `Run ${file.id} (${file.name}) is being written by ${where}${why}; cannot ${action} it until that run ends.`,
    { run: file.id, host: owner.host, pid: owner.pid, expected: "a run that no live process is writing", found: `RUNNING, owned by ${where}` },
  );
}

/** Throws RUN_LIVE when a live process may be writing `file`. */
export function assertNoLiveWriter(file: RunFile, action: string): void {
  const owner = liveWriter(file);
  if (owner !== undefined) throw liveWriterError(file, owner, action);
}
