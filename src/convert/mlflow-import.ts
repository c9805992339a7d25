/**
 * `runtree import mlflow <src> <store>`: copies an MLflow file store into a runtree store, keeping MLflow's
 * run ids. Read → plan (pure, in import-plan.ts) → write. Idempotent: a second import of the same store
 * changes no byte. It never overwrites: a run already in the store with other content is reported and left.
 * Everything is written into a staging folder first and made durable with one sync, then moved into place
 * (staging.ts): each new run appears whole, and the import is durable when it returns.
 */
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import type { Problem } from "../model/problem.js";
import { listDirs } from "../reader/list-dirs.js";
import { fsSource } from "../source/fs-source.js";
import { FILE } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";
import { isExperimentFile } from "../format/schema.js";
import { copyArtifacts } from "./copy-artifacts.js";
import { isMlflowStore } from "../load/store-format.js";
import { planExperiment, planRun, type PlannedExperiment, type PlannedRun } from "../mlflow/import-plan.js";
import { inside } from "./inside.js";
import { readAllMlflowMetricHistories } from "../mlflow/metric-history.js";
import { readMlflowStore } from "../mlflow/read.js";
import { defaultWorkers } from "../threads/default-workers.js";
import { historyShelf } from "../mlflow/history-shelf.js";
import { Staging } from "./staging.js";

export interface ImportResult {
  /** Experiments whose experiment.json this import wrote (0 when they were already there). */
  readonly experimentsCreated: number;
  /** Runs written by this import. */
  readonly runsImported: number;
  /** Runs already in the store with the same content (a repeated import). */
  readonly runsUnchanged: number;
  /** Runs not written: a different run with the same id is in the store, or the run does not fit the format. */
  readonly runsSkipped: number;
  readonly artifactsCopied: number;
  /** Files of the source that could not be read, keys left out, conflicts; `file` is relative to `src`. */
  readonly problems: readonly Problem[];
}

/**
 * Imports every active experiment and its runs from the MLflow store `src` into the runtree store `dest`
 * (created if missing). A deleted run (`lifecycle_stage: deleted`) comes in deleted, with its
 * `deleted_time`; deleted experiments (`.trash/`) are not imported.
 * @throws RuntreeError STORE_NOT_FOUND when `src` is missing; INVALID_ARGUMENT when `src` is not an MLflow
 *   store or `dest` is one.
 * @example const result = await importMlflow("mlruns", "runs"); result.problems.forEach((p) => console.warn(p.message));
 */
export async function importMlflow(src: string, dest: string): Promise<ImportResult> {
  if (!(await isMlflowStore(src))) {
    if (!(await isDirectory(src))) {
      throw new RuntreeError(ErrorCode.StoreNotFound, `Store not found: ${src} is not a folder.`, { file: src });
    }
    throw new RuntreeError(ErrorCode.InvalidArgument, `${src} is not an MLflow store: no experiment folder with a meta.yaml.`, {
      file: src,
      expected: "an MLflow mlruns/ folder (e.g. with 0/meta.yaml)",
    });
  }
  if (await isMlflowStore(dest)) {
    throw new RuntreeError(ErrorCode.InvalidArgument, `${dest} is an MLflow store; import writes a runtree store.`, {
      file: dest,
      expected: "a runtree store or a new folder",
    });
  }
  const histories = historyShelf();
  // A big experiment is read on several cores (mlflow/read-pool.ts); its runs are then written in order here.
  const snapshot = await readMlflowStore(src, { histories, workers: defaultWorkers() });
  await mkdir(dest, { recursive: true });
  const problems: Problem[] = [...snapshot.problems];
  const counts = { experimentsCreated: 0, runsImported: 0, runsUnchanged: 0, runsSkipped: 0, artifactsCopied: 0 };
  const existing = await indexRuns(dest);
  const staging = new Staging(dest, ".runtree-import-");
  try {
    const usable = new Set<string>();
    for (const experiment of snapshot.experiments) {
      const planned = planExperiment(experiment);
      problems.push(...planned.problems);
      if (!planned.plan) continue;
      const outcome = await writeExperiment(dest, staging, planned.plan, `${experiment.dir}/meta.yaml`);
      if (outcome.problem) problems.push(outcome.problem);
      if (outcome.created) counts.experimentsCreated++;
      if (outcome.usable) usable.add(experiment.name);
    }
    for (const run of snapshot.runs) {
      const display = `${run.experimentDir}/${run.id}`;
      const planned = usable.has(run.experiment) ? planRun(run, histories.take(run.dir) ?? (await readAllMlflowMetricHistories(run))) : { problems: [] };
      problems.push(...planned.problems);
      if (!planned.plan) {
        counts.runsSkipped++;
        continue;
      }
      const { plan } = planned;
      const conflict = await runConflict(dest, plan, existing.get(run.id));
      if (conflict === "same") counts.runsUnchanged++;
      if (conflict !== "same" && conflict !== undefined) {
        problems.push({ file: `${display}/meta.yaml`, code: "RUN_CONFLICT", message: `${conflict}; not imported` });
        counts.runsSkipped++;
        continue;
      }
      const runDir = inside(dest, plan.experimentDir, plan.id);
      const at = [plan.experimentDir, plan.id];
      const copy = await copyArtifacts(run.dir, join(runDir, FILE.artifacts), "keep", (from, path) => staging.copy(from, [...at, FILE.artifacts, ...path]));
      counts.artifactsCopied += copy.copied;
      for (const path of copy.differing) {
        problems.push({ file: `${display}/artifacts/${path}`, code: "ARTIFACT_CONFLICT", message: "the store holds a different file at this path; not overwritten" });
      }
      if (conflict === undefined) {
        staging.write([...at, FILE.metrics], plan.metricsJsonl);
        staging.write([...at, FILE.run], plan.runJson);
        counts.runsImported++;
      }
    }
    // run.json last: where a run's folder is already there (an interrupted import), readers see the run only once all of it is.
    await staging.commit(new Set([FILE.run]));
  } finally {
    await staging.discard();
  }
  return { ...counts, problems };
}

async function writeExperiment(
  dest: string,
  staging: Staging,
  plan: PlannedExperiment,
  display: string,
): Promise<{ created: boolean; usable: boolean; problem?: Problem }> {
  const dir = inside(dest, plan.dir);
  const path = join(dir, FILE.experiment);
  const current = await readText(path);
  if (current === undefined) {
    staging.write([plan.dir, FILE.experiment], plan.json);
    return { created: true, usable: true };
  }
  if (current === plan.json) return { created: false, usable: true };
  let data: unknown;
  try {
    data = JSON.parse(current);
  } catch {
    data = undefined;
  }
  if (isExperimentFile(data) && data.name === plan.name) {
    const message = `${plan.dir}/${FILE.experiment} already exists with another description or tags; kept as is`;
    return { created: false, usable: true, problem: { file: display, code: "EXPERIMENT_CONFLICT", message } };
  }
  const message = `${plan.dir}/${FILE.experiment} already exists and is not experiment ${JSON.stringify(plan.name)}; its runs are not imported`;
  return { created: false, usable: false, problem: { file: display, code: "EXPERIMENT_CONFLICT", message } };
}

/**
 * undefined: nothing there yet (or a run folder an interrupted import left without run.json); "same": the
 * store already holds exactly this run; otherwise why the run cannot be written.
 */
async function runConflict(dest: string, plan: PlannedRun, existingDir: string | undefined): Promise<string | undefined> {
  // The store's run folders were listed before: a run not among them needs no read.
  if (existingDir === undefined) return undefined;
  if (existingDir !== plan.experimentDir) {
    return `the store already has run ${plan.id} in ${existingDir}/`;
  }
  const runDir = join(dest, plan.experimentDir, plan.id);
  const runJson = await readText(join(runDir, FILE.run));
  if (runJson === undefined) return undefined;
  const metrics = await readText(join(runDir, FILE.metrics));
  if (runJson === plan.runJson && metrics === plan.metricsJsonl) return "same";
  return `the store already has a different run ${plan.id} in ${plan.experimentDir}/`;
}

/** Run id → experiment folder, for every run folder already in the store. */
async function indexRuns(dest: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  const source = fsSource(dest);
  for (const dir of await listDirs(source, "", (name) => !name.startsWith("."))) {
    for (const id of await listDirs(source, dir, (name) => RUN_ID.test(name))) {
      if (!index.has(id)) index.set(id, dir);
    }
  }
  return index;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

