/**
 * `runtree export mlflow <store> <dst>`: writes a store (runtree's, or MLflow's own) in MLflow's FileStore
 * layout, so that MLflow's UI and API, and our MLflow reader, open it. Read → plan (export-plan.ts) → write.
 * The output depends only on the input and the destination path: exporting twice gives the same bytes.
 * Everything is written into a staging folder, made durable with one sync and moved into place
 * (staging.ts): the export is durable when it returns.
 */
import { mkdir, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ErrorCode, RuntreeError } from "../errors.js";
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { readAllMetricHistories } from "../load/histories.js";
import { readStore } from "../load/read-store.js";
import { copyArtifacts } from "./copy-artifacts.js";
import { isMlflowStore } from "../load/store-format.js";
import { DEFAULT_EXPERIMENT, mlflowExperimentId } from "../mlflow/experiment-id.js";
import { planMlflowExperiment, planMlflowRun, type MlflowFile } from "../mlflow/export-plan.js";
import { inside } from "./inside.js";
import { mapLimit } from "../reader/map-limit.js";
import { Staging } from "./staging.js";

const STAGING = ".runtree-export-";
const PARALLEL_RUNS = 16;

export interface ExportResult {
  readonly experiments: number;
  readonly runs: number;
  readonly artifactsCopied: number;
  /** Problems of the source store, and keys or experiments that could not be exported. */
  readonly problems: readonly Problem[];
}

/**
 * Exports every experiment and run of `source` (a snapshot, or the path of a runtree or MLflow store) into
 * `dest`, which must be missing, empty, or an MLflow store. Experiment ids are derived from the names
 * (MLflow stores keep theirs); run ids are kept. Files of an earlier export are overwritten, not removed.
 * @throws RuntreeError STORE_NOT_FOUND for a missing source; INVALID_ARGUMENT for a `dest` that holds
 *   something other than an MLflow store.
 * @example await exportMlflow("mlruns", "mlflow-export"); // then: mlflow ui --backend-store-uri mlflow-export
 */
export async function exportMlflow(source: StoreSnapshot | string, dest: string): Promise<ExportResult> {
  const snapshot = typeof source === "string" ? await readStore(source) : source;
  const root = resolve(dest);
  if (root === resolve(snapshot.root)) {
    throw new RuntreeError(ErrorCode.InvalidArgument, `Cannot export ${snapshot.root} into itself.`, { file: dest });
  }
  await assertWritableDest(root);
  const problems: Problem[] = [...snapshot.problems];
  const ids = assignIds(snapshot, problems);
  const staging = new Staging(root, STAGING);
  let runs = 0;
  let artifactsCopied = 0;
  try {
    staging.folder([".trash"]);
    const runsOf = groupByExperiment(snapshot.runs);
    for (const experiment of experimentsWithDefault(snapshot.experiments)) {
      const id = ids.get(experiment.name);
      if (id === undefined) continue;
      const expRuns = runsOf.get(experiment.name) ?? [];
      // runtree keeps no creation time (it would make experiment.json machine-dependent): the first run's start stands in.
      const creationTime = expRuns.reduce((min, run) => Math.min(min, run.startTime), expRuns[0]?.startTime ?? 0);
      const planned = planMlflowExperiment(experiment, {
        id,
        artifactLocation: pathToFileURL(join(root, id)).href,
        creationTime,
        lastUpdateTime: experiment.lastActivity ?? creationTime,
      });
      problems.push(...planned.problems);
      writeFiles(staging, [id], planned.files);
      // Runs are read and staged many at a time (each waits on its files); problems stay in run order.
      const written = await mapLimit(expRuns, PARALLEL_RUNS, (run) => exportRun(root, staging, id, run));
      for (const one of written) {
        problems.push(...one.problems);
        artifactsCopied += one.artifactsCopied;
        runs++;
      }
    }
    await staging.commit();
  } finally {
    await staging.discard();
  }
  return { experiments: ids.size, runs, artifactsCopied, problems };
}

async function exportRun(
  root: string,
  staging: Staging,
  experimentId: string,
  run: RunRecord,
): Promise<{ problems: readonly Problem[]; artifactsCopied: number }> {
  const runDir = inside(root, experimentId, run.id);
  const histories = await readAllMetricHistories(run);
  const artifactUri = pathToFileURL(join(runDir, "artifacts")).href;
  const plan = planMlflowRun(run, { experimentId, artifactUri }, histories);
  // MLflow 3.8+ refuses to open a run that lacks any of these folders, even when it is empty.
  for (const folder of ["params", "tags", "metrics", "artifacts"]) staging.folder([experimentId, run.id, folder]);
  writeFiles(staging, [experimentId, run.id], plan.files);
  const copy = await copyArtifacts(run.dir, join(runDir, "artifacts"), "replace", (from, path) =>
    staging.copy(from, [experimentId, run.id, "artifacts", ...path]),
  );
  return { problems: plan.problems, artifactsCopied: copy.copied };
}

function groupByExperiment(runs: readonly RunRecord[]): Map<string, RunRecord[]> {
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const group = groups.get(run.experiment);
    if (group) group.push(run);
    else groups.set(run.experiment, [run]);
  }
  return groups;
}

/** MLflow expects experiment 0, "Default", to exist; a store without one gets an empty one. */
function experimentsWithDefault(experiments: readonly ExperimentRecord[]): ExperimentRecord[] {
  if (experiments.some((experiment) => experiment.name === DEFAULT_EXPERIMENT.name)) return [...experiments];
  const empty: ExperimentRecord = {
    name: DEFAULT_EXPERIMENT.name,
    dir: DEFAULT_EXPERIMENT.id,
    tags: {},
    runCount: 0,
    deletedRunCount: 0,
    topLevelRunCount: 0,
    statusCounts: {},
    lastActivity: null,
  };
  return [empty, ...experiments];
}

/** Experiment name → MLflow id. An MLflow store keeps its ids; two names on one id (a hash collision) is a problem. */
function assignIds(snapshot: StoreSnapshot, problems: Problem[]): Map<string, string> {
  const ids = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const experiment of experimentsWithDefault(snapshot.experiments)) {
    const keep = snapshot.format === "mlflow" && /^\d+$/.test(experiment.dir);
    const id = keep ? experiment.dir : mlflowExperimentId(experiment.name);
    const owner = owners.get(id);
    if (owner !== undefined) {
      const message = `experiment ${JSON.stringify(experiment.name)} would get id ${id}, already given to ${JSON.stringify(owner)}; not exported`;
      problems.push({ file: experiment.dir, code: "EXPERIMENT_CONFLICT", message });
      continue;
    }
    owners.set(id, experiment.name);
    ids.set(experiment.name, id);
  }
  return ids;
}

function writeFiles(staging: Staging, base: readonly string[], files: readonly MlflowFile[]): void {
  for (const file of files) staging.write([...base, ...file.path], file.content);
}

async function assertWritableDest(root: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      await mkdir(root, { recursive: true });
      return;
    }
    throw new RuntreeError(ErrorCode.InvalidArgument, `Cannot write to ${root}: it is not a readable folder.`, { file: root }, { cause: error });
  }
  // What an interrupted export left (its staging folder, the empty .trash) does not make the folder someone else's.
  const left = entries.filter((name) => !name.startsWith(STAGING) && name !== ".trash");
  if (left.length === 0 || (await isMlflowStore(root))) return;
  throw new RuntreeError(ErrorCode.InvalidArgument, `${root} is not empty and not an MLflow store; refusing to write into it.`, {
    file: root,
    expected: "a missing or empty folder, or an MLflow store",
  });
}
