/**
 * An experiment folder and the runs started in it. Getting or creating one is safe across processes: the
 * folder is prepared under a temporary name and renamed into place, so no reader ever sees it without its
 * `experiment.json`, and of two racing creators one wins and the other adopts its folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { experimentDir } from "../format/experiment-dir.js";
import { checkKey, describe } from "../format/keys.js";
import { currentOwner } from "../format/owner.js";
import { FILE, FORMAT, type ExperimentFile, type Objective, type ParamValue, type RunFile } from "../format/records.js";
import { newRunId, RUN_ID } from "../format/run-id.js";
import { isExperimentFile, isRunFile, lastSchemaProblem } from "../format/schema.js";
import { captureSource } from "./source-info.js";
import { dictionary } from "../format/dictionary.js";
import { experimentDirsOf } from "../reader/locate-run.js";
import { checkExperimentName, checkRunName } from "./check-name.js";
import { defaultRunName } from "./run-names.js";
import { Run, type ChildOptions } from "./run.js";
import { scoped } from "./scoped.js";
import { resumeRun, type RunContext } from "./resume.js";
import { writeFailed } from "../errors.js";
import { checkParamValue, checkTagValue } from "./validate-input.js";
import { writeJsonSync } from "./write-file.js";
import { assertNotLink } from "./no-link.js";

export interface StartRunOptions extends ChildOptions {
  /** The parent run, or its id (the parent may belong to another, even finished, process). */
  readonly parent?: Run | string;
}

export interface ExperimentContext {
  readonly root: string;
  readonly clock: () => number;
  readonly captureSource: boolean;
  readonly fsync: boolean;
}

export class Experiment {
  readonly name: string;
  /** Folder name inside the store. */
  readonly dir: string;
  /** Absolute path of the folder. */
  readonly path: string;
  readonly #context: ExperimentContext;

  /** @internal Use `store.experiment(name)`. */
  constructor(context: ExperimentContext, name: string, meta: Omit<ExperimentFile, "format" | "name"> = {}) {
    this.#context = context;
    this.name = checkExperimentName(name);
    this.dir = experimentDir(name);
    this.path = join(context.root, this.dir);
    const file = { format: FORMAT, name, ...meta };
    if (!isExperimentFile(file)) {
      const { pointer, message } = lastSchemaProblem();
      throw new RuntreeError(ErrorCode.InvalidArgument, `Experiment "${name}": invalid description or tags (${pointer}: ${message}).`, {
        experiment: name,
        pointer,
        expected: "a string description and tags of string values with valid keys",
      });
    }
    ensureExperimentFolder(context.root, this.dir, file);
  }

  /** Starts a run; end it with `run.end()`, or use `run(options, fn)` to have it ended for you. */
  startRun(options: StartRunOptions = {}): Run {
    const id = newRunId(this.#context.clock());
    const parentId = options.parent === undefined ? null : this.#resolveParent(options.parent, id);
    const params: Record<string, ParamValue> = dictionary();
    for (const [key, value] of Object.entries(options.params ?? {})) params[key] = checkParamValue(id, key, value);
    const tags: Record<string, string> = dictionary();
    for (const [key, value] of Object.entries(options.tags ?? {})) tags[key] = checkTagValue(id, key, value);
    const objective = options.objective && checkObjective(id, options.objective);
    const name = checkRunName(id, options.name);
    return new Run({
      id,
      name: name || defaultRunName(id),
      experiment: this.name,
      experimentPath: this.path,
      parentId,
      startTime: this.#context.clock(),
      params,
      tags,
      ...(options.description !== undefined && { description: String(options.description) }),
      ...(objective && { objective }),
      ...(this.#context.captureSource && { source: captureSource(this.#context.root) }),
      ...this.#runContext(),
    });
  }

  /**
   * Resumes a run of this experiment, ended or abandoned, like MLflow's `start_run(run_id=...)`: it is
   * RUNNING again, owned by this process, and new points append after its old ones. See `store.resumeRun`.
   * @throws RuntreeError RUN_NOT_FOUND (also for a run of another experiment), RUN_LIVE (naming the live
   *   process that still writes it: its host and pid), RUN_DELETED.
   */
  async resumeRun(id: string): Promise<Run> {
    return resumeRun({ root: this.#context.root, experiment: this }, id, this.#runContext());
  }

  /** What every run this experiment hands out shares: this process as owner, the clock, how to add children. */
  #runContext(): RunContext {
    return {
      owner: currentOwner(),
      clock: this.#context.clock,
      fsync: this.#context.fsync,
      startChild: (parent, childOptions) => this.startRun({ ...childOptions, parent }),
      resumeChild: (parent, id) => resumeRun({ root: this.#context.root, experiment: this, parentId: parent.id }, id, this.#runContext()),
    };
  }

  /**
   * Runs `fn` inside a new run, like Python's `with mlflow.start_run()`: the run ends FINISHED when `fn`
   * returns and FAILED when it throws (the error is rethrown). Returns what `fn` returns.
   * @example
   * await exp.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (parent) => {
   *   for (const lr of [0.1, 0.01]) await parent.child({ params: { lr } }, (trial) => trial.logMetric("loss", train(lr)));
   * });
   */
  async run<T>(options: StartRunOptions, fn: (run: Run) => T | Promise<T>): Promise<T> {
    return scoped(this.startRun(options), fn);
  }

  #resolveParent(parent: Run | string, childId: string): string {
    if (typeof parent !== "string") {
      if (parent.experiment !== this.name) throw otherExperiment(childId, parent.id, parent.experiment, this.name);
      if (dirname(parent.dir) !== this.path) {
        throw new RuntreeError(ErrorCode.UnknownParent, `Run ${childId}: parent run ${parent.id} belongs to another store (${dirname(dirname(parent.dir))}), not ${this.#context.root}.`, {
          run: childId,
          experiment: this.name,
          found: parent.id,
        });
      }
      return parent.id;
    }
    if (!RUN_ID.test(parent)) {
      throw new RuntreeError(ErrorCode.UnknownParent, `Run ${childId}: parent ${JSON.stringify(parent)} is not a run id (expected 32 lowercase hex digits).`, {
        run: childId,
        expected: "a run id of 32 lowercase hex digits",
        found: parent,
      });
    }
    if (existsSync(join(this.path, parent, FILE.run))) return parent;
    const elsewhere = findRunFile(this.#context.root, parent);
    if (elsewhere) throw otherExperiment(childId, parent, elsewhere.experiment, this.name);
    throw new RuntreeError(ErrorCode.UnknownParent, `Run ${childId}: parent run ${parent} does not exist in the store ${this.#context.root}.`, {
      run: childId,
      experiment: this.name,
      found: parent,
    });
  }
}

function otherExperiment(child: string, parent: string, parentExperiment: string, experiment: string): RuntreeError {
  return new RuntreeError(
    ErrorCode.ParentInOtherExperiment,
    `Run ${child}: parent run ${parent} belongs to experiment "${parentExperiment}", not "${experiment}"; a child must be in its parent's experiment.`,
    { run: child, experiment, expected: `a parent in "${experiment}"`, found: parentExperiment },
  );
}

/** The run.json of `id` in another experiment's folder, if any. */
function findRunFile(root: string, id: string): RunFile | undefined {
  for (const dir of experimentDirsOf(root, id)) {
    try {
      const data: unknown = JSON.parse(readFileSync(join(root, dir, id, FILE.run), "utf8"));
      if (isRunFile(data)) return data;
    } catch {
      // unreadable: not a parent we can name
    }
  }
  return undefined;
}

/** A declared objective, checked: a valid metric key and a goal of "min" or "max". */
export function checkObjective(run: string, objective: Objective): Objective {
  const goal = objective.goal;
  if (goal !== "min" && goal !== "max") {
    throw new RuntreeError(ErrorCode.InvalidArgument, `Run ${run}: objective goal must be "min" or "max", got ${describe(goal)}.`, {
      run,
      expected: '"min" | "max"',
      found: describe(goal),
    });
  }
  return { metric: checkKey("metric", objective.metric, run), goal };
}

function ensureExperimentFolder(root: string, dir: string, file: ExperimentFile): void {
  const path = join(root, dir);
  const metaPath = join(path, FILE.experiment);
  assertNotLink("write into the experiment folder", path);
  if (existsSync(metaPath)) return assertSameExperiment(metaPath, file.name);
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw writeFailed("create the store folder", root, error);
  }
  if (existsSync(path)) {
    // A folder without its experiment.json (an interrupted copy, a hand-made folder): complete it in place.
    writeJsonSync(metaPath, file);
    return;
  }
  const temp = join(root, `.tmp-${dir.slice(0, 40)}-${randomBytes(6).toString("hex")}`);
  try {
    mkdirSync(temp);
    writeJsonSync(join(temp, FILE.experiment), file);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw writeFailed("create the experiment folder", path, error);
    assertSameExperiment(metaPath, file.name); // another process won the race
  }
}

function assertSameExperiment(metaPath: string, name: string): void {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(metaPath, "utf8"));
  } catch (error) {
    throw new RuntreeError(ErrorCode.CorruptFile, `${metaPath} is not valid JSON; fix or remove it.`, { file: metaPath }, { cause: error });
  }
  if (!isExperimentFile(data)) {
    throw new RuntreeError(ErrorCode.SchemaViolation, `${metaPath} does not match the experiment schema; fix or remove it.`, { file: metaPath });
  }
  if (data.name !== name) {
    throw new RuntreeError(
      ErrorCode.ExperimentConflict,
      `${metaPath} belongs to experiment "${data.name}", not "${name}".`,
      { file: metaPath, expected: name, found: data.name },
    );
  }
}
