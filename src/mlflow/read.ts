/**
 * MLflow's file store (`mlruns/` as MLflow's FileStore writes it) read into the same model as a runtree
 * store, so that the search, the report and the exporters work on either. Forgiving like the native
 * reader: one bad file is a Problem, never a failed read; only a missing root throws.
 */
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import type { RunScan, ScanOptions } from "../model/run-scan.js";
import { summarizeExperiment } from "../model/experiment-summary.js";
import { compareStart } from "../model/tree.js";
import { listDirs } from "../reader/list-dirs.js";
import { assertStoreDirectory } from "../reader/store-root.js";
import { compareKeys } from "../format/stable-json.js";
import { fsSource } from "../source/fs-source.js";
import type { StoreSource } from "../source/store-source.js";
import { readMlflowExperiment } from "./read-experiment.js";
import type { HistoryShelf } from "./history-shelf.js";
import { runReadPool, type RunReadPool } from "./read-pool.js";

export interface MlflowReadOptions {
  /**
   * Also read deleted experiments (in `.trash/`), which MLflow hides by default; their runs are marked
   * `deleted`. Deleted runs of the other experiments (`lifecycle_stage: deleted`) are always read, marked
   * `deleted`, as runtree's own are: searches and the report leave them out unless asked.
   */
  readonly includeDeleted?: boolean;
  /**
   * Keeps the metric histories read for each run's summaries here, within the shelf's budget, for a reader
   * that needs them next (the report's charts, the importer): each metric file is then read once.
   */
  readonly histories?: HistoryShelf;
  /**
   * Threads beside this one that share the reading of an experiment of at least 1,000 runs (read-pool.ts),
   * when the store is a local folder; none by default. Started on the first such experiment, stopped at the end.
   */
  readonly workers?: number;
}

/**
 * Reads an MLflow file store. Datasets and run inputs (`datasets/`, `inputs/`), traces and logged models
 * are not part of the model and are ignored. `from` is the store's folder, or another source of its files
 * (the store at a git revision).
 * @throws RuntreeError STORE_NOT_FOUND when `root` is missing or not a directory.
 * @example const snapshot = await readMlflowStore("mlruns"); snapshot.runs.filter((run) => run.parentId === null)
 */
export async function readMlflowStore(from: string | StoreSource, options: MlflowReadOptions = {}): Promise<StoreSnapshot> {
  const source = typeof from === "string" ? fsSource(from) : from;
  await assertStoreDirectory(source);
  const includeDeleted = options.includeDeleted === true;
  const paths = await experimentPaths(source, includeDeleted);
  const experiments: ExperimentRecord[] = [];
  const runs: RunRecord[] = [];
  const problems: Problem[] = [];
  const { folder } = source;
  const workers = folder !== undefined ? (options.workers ?? 0) : 0;
  let pool: RunReadPool | undefined;
  const reading = { shelf: options.histories, ...(workers > 0 && { pool: () => (pool ??= runReadPool({ ...source, folder: folder! }, workers)) }) };
  try {
    for (const path of paths) {
      const read = await readMlflowExperiment(source, path, includeDeleted, undefined, reading);
      problems.push(...read.problems);
      if (read.experiment === undefined) continue;
      experiments.push(summarizeExperiment(read.experiment, read.runs));
      runs.push(...read.runs);
    }
  } finally {
    await pool?.close();
  }
  experiments.sort((a, b) => compareKeys(a.name, b.name) || compareKeys(a.dir, b.dir));
  runs.sort(compareStart);
  return { root: source.root, format: "mlflow", experiments, runs, problems };
}

/**
 * Hands each active run of an MLflow store to `options.onRun` as it is read, and returns its experiments'
 * names: what a search needs.
 * @example await scanMlflowStore(fsSource("mlruns"), { onRun: (run) => failed.push(run) });
 */
export async function scanMlflowStore(source: StoreSource, options: ScanOptions): Promise<RunScan> {
  await assertStoreDirectory(source);
  const names = new Set<string>();
  const problems: Problem[] = [];
  for (const path of await experimentPaths(source, false)) {
    const read = await readMlflowExperiment(source, path, false, options);
    problems.push(...read.problems);
    if (read.experiment !== undefined) names.add(read.experiment.name);
  }
  return { root: source.root, experiments: [...names].sort(compareKeys), problems };
}

async function experimentPaths(source: StoreSource, includeDeleted: boolean): Promise<string[]> {
  const paths = await listDirs(source, "", (name) => !name.startsWith("."));
  if (includeDeleted) paths.push(...(await listDirs(source, ".trash", () => true)).map((id) => `.trash/${id}`));
  return paths;
}
