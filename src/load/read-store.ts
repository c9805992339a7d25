/**
 * The one place that decides which format a store folder holds. Everything that reads "a store" (the
 * library's reading methods, search, the report, check, the exporter) comes through here, so the runtree
 * reader and the MLflow reader never need to know about each other.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import { readMlflowStore, scanMlflowStore, type MlflowReadOptions } from "../mlflow/read.js";
import type { RunScan, ScanOptions } from "../model/run-scan.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { readRuntreeStore, scanRuntreeStore, type ReadOptions } from "../reader/read-store.js";
import { assertStoreDirectory } from "../reader/store-root.js";
import { fsSource } from "../source/fs-source.js";
import type { StoreSource } from "../source/store-source.js";
import { detectStoreFormat, type StoreFormat } from "./store-format.js";
import { treeProblems } from "./tree-problems.js";

export type { ReadOptions } from "../reader/read-store.js";

/**
 * Reads a runtree store, or an MLflow file store (detected by its `meta.yaml` files), into the same model:
 * from its folder, or from another source of its files (`openGitStore(...).source`: the store at a commit).
 * Runs that cannot sit under their parent (an orphan, a loop of parent links) are problems too.
 * A folder with nothing in it yet (dot files aside) is an empty store. `options.histories` and
 * `options.workers` apply to an MLflow store, the other options to a runtree store.
 * @throws RuntreeError STORE_NOT_FOUND when the store is missing or not a directory; NOT_A_STORE when it
 * holds something and none of its folders is an experiment of either format (a project folder instead of
 * its `mlruns/`).
 * @example
 * const { experiments, runs, problems } = await readStore("mlruns");
 */
export async function readStore(from: string | StoreSource, options: ReadOptions & Pick<MlflowReadOptions, "histories" | "workers"> = {}): Promise<StoreSnapshot> {
  const source = typeof from === "string" ? fsSource(from) : from;
  const format = await storeFormatOf(source);
  const mlflow = { ...(options.histories && { histories: options.histories }), ...(options.workers !== undefined && { workers: options.workers }) };
  const snapshot = format === "mlflow" ? await readMlflowStore(source, mlflow) : await readRuntreeStore(source, options);
  // Orphans and loops of parent links show as top-level runs; every reader of a store hears why.
  const faults = treeProblems(snapshot);
  return faults.length === 0 ? snapshot : { ...snapshot, problems: [...snapshot.problems, ...faults] };
}

/**
 * The format of the store at `from`, after the checks `readStore` makes first: cheap, so a command can
 * refuse a wrong folder before other work.
 * @throws RuntreeError STORE_NOT_FOUND or NOT_A_STORE, as `readStore`.
 */
export async function storeFormatOf(from: string | StoreSource): Promise<StoreFormat> {
  const source = typeof from === "string" ? fsSource(from) : from;
  await assertStoreDirectory(source);
  const format = await detectStoreFormat(source);
  if (format === null) {
    throw new RuntreeError(
      ErrorCode.NotAStore,
      `${source.root} is not a store: none of its folders is an experiment (runtree's experiment.json or MLflow's meta.yaml).`,
      { file: source.root, expected: "a folder of experiment folders, like mlruns/" },
    );
  }
  return format;
}

/**
 * What a search reads, in either format: each run goes to `options.onRun` as it is read (none is kept), and
 * every experiment's name comes back.
 * @throws RuntreeError STORE_NOT_FOUND or NOT_A_STORE, as `readStore`.
 * @example await scanStore("mlruns", { onRun: (run) => failed.push(run) });
 */
export async function scanStore(from: string | StoreSource, options: ScanOptions): Promise<RunScan> {
  const source = typeof from === "string" ? fsSource(from) : from;
  return (await storeFormatOf(source)) === "mlflow" ? scanMlflowStore(source, options) : scanRuntreeStore(source, options);
}
