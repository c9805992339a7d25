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
import { readStore, scanStore } from "../load/read-store.js";
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
import { compileSearch } from "../search/index.js";
import { Experiment } from "./experiment.js";

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

export interface SearchRunsOptions {
  /** Experiment name(s) to search; default all. */
  readonly experiment?: string | readonly string[];
  /** Filter in MLflow's grammar plus OR, NOT and parentheses, e.g. `params.lr < 0.01 and metrics.loss < 0.5`. */
  readonly filter?: string;
  /** e.g. `["metrics.loss ASC", "attributes.start_time DESC"]`; missing values and NaN sort last. */
  readonly orderBy?: readonly string[];
  readonly maxResults?: number;
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
    // Compiled first, so that a bad filter fails before a file is read; then each run is offered to the
    // search as it is read, and only results are kept (100,000 runs are never all in memory at once).
    const search = compileSearch({
      ...(options.filter !== undefined && { filter: options.filter }),
      ...(options.orderBy !== undefined && { orderBy: options.orderBy }),
      ...(options.maxResults !== undefined && { maxResults: options.maxResults }),
    });
    const names = options.experiment === undefined ? undefined : new Set(typeof options.experiment === "string" ? [options.experiment] : options.experiment);
    const found = search.collector<RunRecord>();
    const scan = await scanStore(this.root, {
      ...(names && { experiments: names }),
      onRun: names ? (run) => names.has(run.experiment) && found.add(run) : found.add,
    });
    if (names) {
      const known = new Set(scan.experiments);
      const missing = [...names].filter((name) => !known.has(name));
      if (missing.length > 0) {
        const names = [...known].map((n) => JSON.stringify(n)).join(", ") || "none";
        throw new RuntreeError(ErrorCode.ExperimentNotFound, `No experiment named ${missing.map((n) => JSON.stringify(n)).join(", ")} in the store ${this.root} (experiments: ${names}).`, {
          experiment: missing[0]!,
          expected: `one of ${names}`,
        });
      }
    }
    return found.result();
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
