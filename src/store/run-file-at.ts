/**
 * The `run.json` of one run, found by id and read for rewriting (an edit, a deletion, a resume). Found the
 * way the reader finds it: the folder named by the id, in the experiment folder its record names, so a
 * copied run folder (a bad merge) is never the one changed. A file that cannot be read or does not match
 * the schema is an error here, not a skipped problem: rewriting it would lose what it holds.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { experimentDir } from "../format/experiment-dir.js";
import { FILE, type RunFile } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";
import { isRunFile, lastSchemaProblem } from "../format/schema.js";
import { experimentDirsOf } from "../reader/locate-run.js";

export interface LocatedRun {
  /** Absolute path of the run's folder. */
  readonly dir: string;
  /** The experiment folder's name inside the store. */
  readonly experimentDir: string;
}

/** Where the run `id` lives in the store at `root`; throws RUN_NOT_FOUND when it is nowhere. */
export function locateRunFile(root: string, id: string): LocatedRun {
  if (typeof id !== "string" || !RUN_ID.test(id)) {
    throw new RuntreeError(ErrorCode.RunNotFound, `${JSON.stringify(id)} is not a run id (expected 32 lowercase hex digits).`, {
      run: String(id),
      expected: "a run id of 32 lowercase hex digits",
    });
  }
  const dirs = experimentDirsOf(root, id);
  // With one candidate, it is read (and judged) by the caller; with copies, the rightful one is taken.
  const rightful = dirs.length === 1 ? dirs[0] : dirs.find((dir) => recordedExperimentDir(join(root, dir, id)) === dir);
  if (rightful === undefined) {
    throw new RuntreeError(ErrorCode.RunNotFound, `No run ${id} in the store ${root}.`, { run: id });
  }
  return { dir: join(root, rightful, id), experimentDir: rightful };
}

/** Reads and validates the run's `run.json`; checks that it is the run it should be and where it should be. */
export function readRunFileAt(run: LocatedRun, id: string): RunFile {
  const path = join(run.dir, FILE.run);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new RuntreeError(ErrorCode.CorruptFile, `${path} cannot be read as JSON; fix it first ("runtree check" explains).`, { run: id, file: path }, { cause: error });
  }
  if (!isRunFile(data)) {
    const { pointer, message } = lastSchemaProblem();
    throw new RuntreeError(ErrorCode.SchemaViolation, `${path} does not match the run schema (${pointer}: ${message}); fix it first.`, {
      run: id,
      file: path,
      pointer,
    });
  }
  if (data.id !== id || experimentDir(data.experiment) !== run.experimentDir) {
    throw new RuntreeError(ErrorCode.RunNotFound, `${path} holds run ${data.id} of experiment "${data.experiment}": a misplaced copy, not run ${id}.`, {
      run: id,
      file: path,
    });
  }
  return data;
}

function recordedExperimentDir(runDir: string): string | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(join(runDir, FILE.run), "utf8"));
    return isRunFile(data) ? experimentDir(data.experiment) : undefined;
  } catch {
    return undefined;
  }
}
