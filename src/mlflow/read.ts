/**
 * MLflow's file store (`mlruns/` as MLflow's FileStore writes it) read into the same model as a runtree
 * store, so that the search, the report and the exporters work on either. Forgiving like the native
 * reader: one bad file is a Problem, never a failed read; only a missing root throws.
 */
import { join } from "node:path";
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { compareStart } from "../model/tree.js";
import { listDirs } from "../reader/list-dirs.js";
import { assertStoreDirectory } from "../reader/store-root.js";
import { compareKeys } from "../format/stable-json.js";
import { readMlflowExperiment } from "./read-experiment.js";

export interface MlflowReadOptions {
  /**
   * Also read deleted runs (`lifecycle_stage: deleted`) and deleted experiments (in `.trash/`), which MLflow
   * hides by default. Nothing in the record marks them as deleted.
   */
  readonly includeDeleted?: boolean;
}

/**
 * Reads an MLflow file store. Datasets and run inputs (`datasets/`, `inputs/`), traces and logged models
 * are not part of the model and are ignored.
 * @throws RuntreeError STORE_NOT_FOUND when `root` is missing or not a directory.
 * @example const snapshot = await readMlflowStore("mlruns"); snapshot.runs.filter((run) => run.parentId === null)
 */
export async function readMlflowStore(root: string, options: MlflowReadOptions = {}): Promise<StoreSnapshot> {
  await assertStoreDirectory(root);
  const includeDeleted = options.includeDeleted === true;
  const paths = await listDirs(root, (name) => !name.startsWith("."));
  if (includeDeleted) paths.push(...(await listDirs(join(root, ".trash"), () => true)).map((id) => `.trash/${id}`));
  const experiments: ExperimentRecord[] = [];
  const runs: RunRecord[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    const read = await readMlflowExperiment(root, path, includeDeleted);
    problems.push(...read.problems);
    if (read.experiment === undefined) continue;
    experiments.push(read.experiment);
    runs.push(...read.runs);
  }
  experiments.sort((a, b) => compareKeys(a.name, b.name) || compareKeys(a.dir, b.dir));
  runs.sort(compareStart);
  return { root, format: "mlflow", experiments, runs, problems };
}
