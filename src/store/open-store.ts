/**
 * The store: where experiments are created and runs found again. Writing goes through `experiment()`;
 * every reading method reads the files afresh (other processes and `git pull` change them), through the
 * same reader the report uses.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { RunRecord } from "../model/run-record.js";
import { experimentDirsOf } from "../reader/locate-run.js";
import { readMetricHistory } from "../load/histories.js";
import { readStore } from "../load/read-store.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { readRun } from "../reader/read-store.js";
import { fsSource } from "../source/fs-source.js";
import { listArtifacts } from "../reader/run-files.js";
import type { HistoryPoint } from "../model/history-point.js";
import { FILE, type ExperimentFile, type Objective } from "../format/records.js";
import { experimentDir } from "../format/experiment-dir.js";
import type { BestChild } from "../model/run-record.js";
import { checkExperimentName } from "./check-name.js";
import { bestChildOf, childrenOf, readFamily, type ChildrenOptions } from "./family.js";
import { searchStore, type SearchRunsOptions } from "./search-store.js";
import { Experiment } from "./experiment.js";
import { editRun } from "./edit-run.js";
import { locateRunFile, readRunFileAt } from "./run-file-at.js";
import type { Run } from "./run.js";
import { scoped } from "./scoped.js";
import { resolveRunPrefix } from "./run-prefix.js";
import * as edits from "./run-edits.js";
import { deleteRunTree, restoreRunTree } from "./deletion.js";
import { purgeDeleted, type PurgeOptions, type PurgeResult } from "./purge.js";
import { isMlflowStore } from "../load/store-format.js";

export interface StoreOptions {
  /** Clock for start/end times and default metric timestamps (tests inject one). Default `Date.now`. */
  readonly clock?: () => number;
  /** Record script, git commit/branch/dirty, host, user and Node version on each run. Default true. */
  readonly captureSource?: boolean;
  /**
   * fsync run files when a run ends or is flushed (default true). Every log call's data reaches the OS
   * either way, so turning this off only risks the last moments before a power loss or OS crash; bulk
   * writers (imports, generated stores) may trade that for speed.
   */
  readonly fsync?: boolean;
}

export class Store {
  /** Absolute path of the store's root folder. */
  readonly root: string;
  readonly #clock: () => number;
  readonly #captureSource: boolean;
  readonly #fsync: boolean;
  readonly #experiments = new Map<string, Experiment>();

  /** @internal Use `openStore`. */
  constructor(root: string, options: StoreOptions = {}) {
    this.root = root;
    this.#clock = options.clock ?? Date.now;
    this.#captureSource = options.captureSource ?? true;
    this.#fsync = options.fsync ?? true;
  }

  /** Gets or creates the experiment `name`; safe when many processes do it at once. */
  experiment(name: string, meta: Omit<ExperimentFile, "format" | "name"> = {}): Experiment {
    let experiment = this.#experiments.get(name);
    if (!experiment) {
      experiment = new Experiment({ root: this.root, clock: this.#clock, captureSource: this.#captureSource, fsync: this.#fsync }, name, meta);
      this.#experiments.set(name, experiment);
    }
    return experiment;
  }

  /**
   * The experiment `name` when the store has it, else null. Unlike `experiment()`, never creates one: a
   * sweep worker that must join an existing experiment cannot start a new one by a typo.
   * @throws RuntreeError INVALID_NAME for a name no experiment can have.
   * @example
   * const exp = store.getExperiment("tuning");
   * if (exp === null) throw new Error("start the sweep's parent first");
   */
  getExperiment(name: string): Experiment | null {
    const cached = this.#experiments.get(name);
    if (cached) return cached;
    checkExperimentName(name);
    if (!existsSync(join(this.root, experimentDir(name), FILE.experiment))) return null;
    return this.experiment(name);
  }

  /** Reads the whole store: experiments, runs and the problems found (bad files are skipped, not fatal). */
  async read(): Promise<StoreSnapshot> {
    return readStore(this.root);
  }

  /** Every experiment with its run counts, statuses and last activity, sorted by name. */
  async experiments(): Promise<readonly ExperimentRecord[]> {
    return (await this.read()).experiments;
  }

  /** One run by id; throws RUN_NOT_FOUND when no readable run has that id. */
  async getRun(id: string): Promise<RunRecord> {
    // Straight to the run's folder; the whole store is read only when that finds nothing (an MLflow store).
    for (const dir of experimentDirsOf(this.root, id)) {
      const { run } = await readRun(fsSource(this.root), dir, id);
      if (run) return run;
    }
    const run = (await this.read()).runs.find((r) => r.id === id);
    if (!run) throw new RuntreeError(ErrorCode.RunNotFound, `No run ${JSON.stringify(id)} in the store ${this.root}.`, { run: id });
    return run;
  }

  /**
   * Finds runs like MLflow's `search_runs`.
   * @example
   * await store.searchRuns({ experiment: "tuning", filter: "tags.round = 'r2' and metrics.loss < 0.5", orderBy: ["metrics.loss ASC"] });
   */
  async searchRuns(options: SearchRunsOptions = {}): Promise<RunRecord[]> {
    return searchStore(this.root, options);
  }

  /**
   * The runs whose parent is `id`, in start order, read now (children that workers added after the parent
   * ended included); with `{ recursive: true }` every run below it, depth first.
   * @throws RuntreeError RUN_NOT_FOUND.
   * @example
   * const trials = await store.children(sweep.id);
   * const everything = await store.children(sweep.id, { recursive: true });
   */
  async children(id: string, options: ChildrenOptions = {}): Promise<RunRecord[]> {
    const { run, runs } = await readFamily(this.root, id);
    return childrenOf(run, runs, options);
  }

  /**
   * The best direct child of `id` by `objective` (default: the one the run declared), computed from the
   * children there are now, as the report computes it: the best finite latest value, ties to the earlier
   * child; null when no child has the metric. `getRun(id).bestChild` is what was recorded when the run
   * ended, and misses children added later.
   * @throws RuntreeError RUN_NOT_FOUND; INVALID_ARGUMENT when no objective is given or declared.
   * @example
   * const best = await store.bestChild(sweep.id);                                  // the declared objective
   * const byAcc = await store.bestChild(sweep.id, { metric: "acc", goal: "max" });
   */
  async bestChild(id: string, objective?: Objective): Promise<BestChild | null> {
    const { run, runs } = await readFamily(this.root, id);
    return bestChildOf(run, runs, objective);
  }

  /** The history of one metric of a run, in logged order. */
  async metricHistory(runId: string, key: string): Promise<HistoryPoint[]> {
    return readMetricHistory(await this.getRun(runId), key);
  }

  /**
   * Resumes a run that has ended or was abandoned, from any process, like MLflow's
   * `start_run(run_id=...)`: it becomes RUNNING again, owned by this process; new metric points append after
   * the old ones (`run.lastStep(key)` says where its steps stopped), params stay immutable, and it ends as
   * usual (a sweep's best child is recomputed then).
   * @throws RuntreeError RUN_NOT_FOUND; RUN_LIVE while a live process still writes it (the error names its
   *   host and pid); RUN_DELETED.
   * @example
   * const run = await store.resumeRun(runId);
   * for (let step = (run.lastStep("loss") ?? -1) + 1; step < 100; step++) run.logMetric("loss", train(step), { step });
   * await run.end();
   */
  async resumeRun(runId: string): Promise<Run> {
    return this.experiment(readRunFileAt(locateRunFile(this.root, runId), runId).experiment).resumeRun(runId);
  }

  /** Resumes a run and runs `fn` with it, ending it FINISHED, or FAILED when `fn` throws (rethrown). */
  async resume<T>(runId: string, fn: (run: Run) => T | Promise<T>): Promise<T> {
    return scoped(await this.resumeRun(runId), fn);
  }

  /**
   * Sets a tag on a run after its script, like MLflow's `set_tag`: on any run no live process is writing
   * (ended, abandoned, or written by a process that is gone), from any process. Rewrites only that run's
   * `run.json`, atomically.
   * @throws RuntreeError RUN_NOT_FOUND, RUN_LIVE (naming the writer's host and pid), INVALID_KEY, INVALID_VALUE.
   * @example
   * await store.setTag(runId, "champion", "yes");
   */
  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.setTags(runId, { [key]: value });
  }

  /** Sets several tags at once, all or nothing; see `setTag`. */
  async setTags(runId: string, tags: Readonly<Record<string, string>>): Promise<void> {
    await editRun(this.root, runId, "set tags on", edits.setTags(runId, tags));
  }

  /** Removes a tag from a run; TAG_NOT_FOUND when it has none by that key. See `setTag`. */
  async deleteTag(runId: string, key: string): Promise<void> {
    await this.deleteTags(runId, [key]);
  }

  /** Removes several tags at once, all or nothing. */
  async deleteTags(runId: string, keys: readonly string[]): Promise<void> {
    await editRun(this.root, runId, "delete tags of", edits.deleteTags(runId, keys));
  }

  /**
   * The id of the one run whose id starts with `prefix` (at least 4 hex digits), like git's short SHAs.
   * @throws RuntreeError RUN_NOT_FOUND, or AMBIGUOUS_RUN_ID whose message lists the candidates.
   * @example store.findRunId("01a2c3f4d5e6f7") // the full id
   */
  findRunId(prefix: string): string {
    return resolveRunPrefix(this.root, prefix);
  }

  /** Renames a run (a non-empty name of at most 250 characters). See `setTag`. */
  async renameRun(runId: string, name: string): Promise<void> {
    await editRun(this.root, runId, "rename", edits.rename(runId, name));
  }

  /**
   * Sets a run's note: Markdown, shown on its report page (rendered safely: no raw HTML, only http(s)
   * links). It is the run's `description` (MLflow's `mlflow.note.content`); an empty note removes it.
   * @example
   * await store.setNote(runId, "**Champion**: beats the baseline by 2 points. See https://example.com/pr/7");
   */
  async setNote(runId: string, markdown: string): Promise<void> {
    await editRun(this.root, runId, "set the note of", edits.setNote(runId, markdown));
  }

  /**
   * Deletes a run and every run below it, like MLflow's `delete_run` (soft: the files stay; searches and the
   * report leave deleted runs out by default). Returns the ids it deleted, the run first.
   * @throws RuntreeError RUN_NOT_FOUND, or RUN_LIVE when a live process writes any run of the tree (nothing
   * is deleted then).
   * @example
   * await store.deleteRun(sweepId); // the sweep and its trials
   */
  async deleteRun(runId: string): Promise<string[]> {
    return deleteRunTree(this.root, runId, this.#clock());
  }

  /** Undoes `deleteRun`: restores the run and what its deletion took along. Returns the ids it restored. */
  async restoreRun(runId: string): Promise<string[]> {
    return restoreRunTree(this.root, runId);
  }

  /**
   * Removes deleted runs' folders for good (`runtree purge`): those deleted at least `olderThan` ms ago,
   * each only with everything below it. `dryRun` lists without removing.
   * @example
   * const { purged } = await store.purge({ olderThan: 30 * 86_400_000 });
   */
  async purge(options: PurgeOptions = {}): Promise<PurgeResult> {
    if (await isMlflowStore(fsSource(this.root))) {
      throw new RuntreeError(ErrorCode.InvalidArgument, `${this.root} is an MLflow file store: purge works on runtree stores (MLflow's own is "mlflow gc").`, {
        file: this.root,
        expected: "a runtree store",
      });
    }
    return purgeDeleted(this.root, this.#clock(), options);
  }

  /** A run's artifacts as sorted relative paths. */
  async artifacts(runId: string): Promise<string[]> {
    return listArtifacts(await this.getRun(runId));
  }
}

/**
 * Opens (without creating anything yet) the store at `dir`; default `$RUNTREE_DIR`, else `./mlruns`.
 * @example
 * const store = openStore("mlruns");
 * await store.experiment("tuning").run({ name: "baseline" }, (run) => run.logMetric("loss", 0.3));
 */
export function openStore(dir?: string, options: StoreOptions = {}): Store {
  return new Store(resolve(dir ?? (process.env["RUNTREE_DIR"] || "mlruns")), options);
}
