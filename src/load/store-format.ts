/**
 * Which format a store folder holds, decided from its experiment folders: runtree's hold `experiment.json`,
 * MLflow's hold `meta.yaml`. An experiment folder that lost its file is still recognised by its run
 * folders (runtree's hold `run.json`, MLflow's `meta.yaml`), so the reader of the right format reports the
 * missing file by its own name. A folder that holds things but no experiment of either kind (a project
 * folder, `node_modules`, a report's output) is no store at all: reading it would only produce a warning
 * per folder and an empty result, so callers refuse it instead.
 */
import { RUN_ID } from "../format/run-id.js";
import { fsSource } from "../source/fs-source.js";
import type { StoreSource } from "../source/store-source.js";

/** `empty`: nothing in it yet but dot files (a store nothing was logged into); read as an empty runtree store. */
export type StoreFormat = "runtree" | "mlflow" | "empty";

/** Run folders looked into per folder that has no experiment file: enough to tell, bounded for big folders. */
const RUNS_SAMPLED = 3;

/**
 * The format of the store at `from`, or null when it holds something and none of it is an experiment.
 * A missing folder reads as `empty` (callers check that it exists first). Any runtree experiment makes it
 * a runtree store, even beside MLflow folders.
 * @example if ((await detectStoreFormat("mlruns")) === null) console.error("not a store");
 */
export async function detectStoreFormat(from: string | StoreSource): Promise<StoreFormat | null> {
  const source = typeof from === "string" ? fsSource(from) : from;
  const entries = await source.list("");
  const folders = entries.filter((entry) => entry.kind === "dir" && !entry.name.startsWith(".")).map((entry) => entry.name);
  let mlflow = false;
  let runtreeRuns = false;
  for (const folder of folders) {
    if ((await source.kind(`${folder}/experiment.json`)) !== null) return "runtree";
    if ((await source.kind(`${folder}/meta.yaml`)) !== null) {
      mlflow = true;
      continue;
    }
    const found = await runFormat(source, folder);
    if (found === "runtree") runtreeRuns = true;
    if (found === "mlflow") mlflow = true;
  }
  if (runtreeRuns) return "runtree";
  if (mlflow) return "mlflow";
  // MLflow moves deleted experiments to `.trash/`: a store whose every experiment was deleted.
  if (entries.some((entry) => entry.name === ".trash" && entry.kind === "dir")) return "mlflow";
  // Nothing at all yet (dot files aside, such as a `.gitkeep`): a store nothing was logged into.
  return entries.some((entry) => !entry.name.startsWith(".")) ? null : "empty";
}

/**
 * Whether `root` holds MLflow's file store rather than a runtree store (or nothing): some experiment
 * folder has MLflow's `meta.yaml` (MLflow always creates `0/meta.yaml`), or MLflow's run folders, and
 * none has an `experiment.json`. False for a missing or empty folder.
 * @example if (await isMlflowStore("mlruns")) snapshot = await readMlflowStore("mlruns");
 */
export async function isMlflowStore(from: string | StoreSource): Promise<boolean> {
  return (await detectStoreFormat(from)) === "mlflow";
}

/** What the first run folders of an experiment folder say about its format, if any. */
async function runFormat(source: StoreSource, folder: string): Promise<"runtree" | "mlflow" | null> {
  const runs = (await source.list(folder)).filter((entry) => entry.kind === "dir" && RUN_ID.test(entry.name)).slice(0, RUNS_SAMPLED);
  for (const run of runs) {
    if ((await source.kind(`${folder}/${run.name}/run.json`)) !== null) return "runtree";
    if ((await source.kind(`${folder}/${run.name}/meta.yaml`)) !== null) return "mlflow";
  }
  return null;
}
