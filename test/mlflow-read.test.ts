import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { isMlflowStore } from "../src/load/store-format.ts";
import { readMlflowMetricHistory } from "../src/mlflow/metric-history.ts";
import { readMlflowStore } from "../src/mlflow/read.ts";
import { listArtifacts } from "../src/reader/run-files.ts";
import { buildForest } from "../src/model/tree.ts";
import type { RunRecord } from "../src/model/run-record.ts";
import { EMIGRE, EMIGRE_NAME, FIXTURE, RUN, SCRATCH, TUNING, removeAll, tempDir } from "./mlflow-fixture.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

const snapshot = await readMlflowStore(FIXTURE);
const byId = new Map(snapshot.runs.map((run) => [run.id, run]));
function run(id: string): RunRecord {
  const found = byId.get(id);
  assert.ok(found, `run ${id} is in the snapshot`);
  return found;
}

describe("reading MLflow's file store (the fixture)", () => {
  test("the fixture reads without a single problem, as an mlflow-format snapshot of its root", () => {
    assert.deepEqual(snapshot.problems, []);
    assert.equal(snapshot.format, "mlflow");
    assert.equal(snapshot.root, FIXTURE);
  });

  test("the three active experiments are read, Default included, sorted by name, with folder ids as dirs", () => {
    assert.deepEqual(
      snapshot.experiments.map((e) => [e.name, e.dir, e.runCount]),
      [
        ["Default", "0", 0],
        ["tuning", TUNING, 9],
        [EMIGRE_NAME, EMIGRE, 2],
      ],
    );
  });

  test("an experiment's tags come from its tags/ folder", () => {
    assert.deepEqual({ ...snapshot.experiments.find((e) => e.name === "tuning")?.tags }, { project: "demo" });
  });

  test("the non-ASCII experiment name, with its slash and spaces, is kept exactly", () => {
    const names = snapshot.runs.filter((r) => r.experimentDir === EMIGRE).map((r) => [r.name, r.experiment]);
    assert.deepEqual(names.sort(), [
      ["bald-hog-620", EMIGRE_NAME],
      ["baseline", EMIGRE_NAME],
    ]);
  });

  test("tuning holds a three-level tree: sweep → trials → folds, linked by mlflow.parentRunId", () => {
    const forest = buildForest(snapshot.runs.filter((r) => r.experimentDir === TUNING));
    assert.deepEqual(forest.roots.map((r) => r.name).sort(), ["diverged", "killed", "sweep", "to-delete", "with-dataset"]);
    assert.deepEqual(forest.childrenOf.get(RUN.sweep)?.map((r) => r.name).sort(), ["trial-0", "trial-1", "trial-2"]);
    assert.deepEqual(forest.childrenOf.get(RUN.trial1)?.map((r) => r.name).sort(), ["fold-0", "fold-1"]);
    assert.equal(forest.depthOf.get(RUN.fold0), 2);
  });

  test("the tags mapped to fields leave tags; the source tags stay and also fill source", () => {
    const sweep = run(RUN.sweep);
    assert.equal(sweep.description, "grid search over lr");
    assert.deepEqual({ ...sweep.tags }, {
      "mlflow.source.name": "demo.py",
      "mlflow.source.type": "LOCAL",
      "mlflow.user": "root",
      stage: "dev",
    });
    assert.deepEqual(sweep.source, { script: "demo.py", user: "root" });
    assert.equal(run(RUN.trial0).tags["mlflow.parentRunId"], undefined);
    assert.equal(run(RUN.trial0).tags["mlflow.runName"], undefined);
  });

  test("params stay strings, and a key with a slash is read from its sub-folder", () => {
    assert.deepEqual({ ...run(RUN.trial0).params }, { lr: "0.1", "optim/name": "sgd" });
    assert.deepEqual({ ...run(RUN.trial2).params }, { lr: "0.001", "optim/name": "adam" });
    assert.deepEqual({ ...run(RUN.sweep).params }, { model: "mlp" });
  });

  test("statuses map from MLflow's integers: 3 FINISHED, 4 FAILED, 5 KILLED; no run is abandoned", () => {
    assert.equal(run(RUN.sweep).status, "FINISHED");
    assert.equal(run(RUN.diverged).status, "FAILED");
    assert.equal(run(RUN.killed).status, "KILLED");
    assert.ok(snapshot.runs.every((r) => !r.abandoned));
  });

  test("start and end times come from meta.yaml; runs are sorted by start time", () => {
    const sweep = run(RUN.sweep);
    assert.equal(sweep.startTime, 1795923211126);
    assert.equal(sweep.endTime, 1795923211230);
    const starts = snapshot.runs.map((r) => r.startTime);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
  });

  test("train/loss has 20 points, steps 0 to 19, the latest at step 19, with 1/3 spelled exactly", async () => {
    const trial0 = run(RUN.trial0);
    assert.deepEqual(trial0.metricSummaries["train/loss"], {
      last: 0.05,
      step: 19,
      timestamp: 1767225600000 + 19_000,
      min: 0.05,
      max: 1,
      count: 20,
    });
    const history = await readMlflowMetricHistory(trial0, "train/loss");
    assert.equal(history.length, 20);
    assert.deepEqual(history.map((p) => p.step), Array.from({ length: 20 }, (_, i) => i));
    assert.deepEqual(history[2], { step: 2, value: 0.3333333333333333, timestamp: 1767225602000 });
    const trial2 = await readMlflowMetricHistory(run(RUN.trial2), "train/loss");
    assert.equal(trial2[0]!.timestamp, 1767225600000 + 200_000);
    assert.equal(trial2[0]!.value, 2);
  });

  test("single-point metrics give their value: val_acc 0.81, 0.87, 0.78 and the folds' 0.86, 0.88", () => {
    assert.deepEqual(
      [RUN.trial0, RUN.trial1, RUN.trial2, RUN.fold0, RUN.fold1].map((id) => run(id).metrics.val_acc),
      [0.81, 0.87, 0.78, 0.86, 0.88],
    );
    assert.equal(run(RUN.sweep).metrics.best_val_acc, 0.87);
  });

  test("nan and inf in diverged read as NaN and +Infinity", async () => {
    const diverged = run(RUN.diverged);
    assert.ok(Number.isNaN(diverged.metrics.x));
    assert.equal(diverged.metrics.y, Infinity);
    assert.deepEqual(await readMlflowMetricHistory(diverged, "y"), [{ step: 0, value: Infinity, timestamp: 1795923211239 }]);
  });

  test("the latest value is the point with the highest step: killed's loss is 0.7", () => {
    assert.equal(run(RUN.killed).metrics.loss, 0.7);
    assert.equal(run(RUN.killed).metricSummaries.loss?.count, 2);
  });

  test("MLflow's made-up run name is read from meta.yaml", () => {
    assert.equal(run(RUN.baldHog).name, "bald-hog-620");
    assert.deepEqual({ ...run(RUN.baldHog).params }, { seed: "2" });
    assert.equal(run(RUN.baldHog).metrics.score, 0.75);
  });

  test("the deleted run is read and marked deleted at its deleted_time; the .trash experiment is skipped by default", () => {
    assert.deepEqual(byId.get(RUN.toDelete)?.deleted, { time: 1795923211249 });
    assert.equal(snapshot.runs.filter((r) => r.deleted !== undefined).length, 1);
    assert.equal(snapshot.experiments.find((e) => e.name === "tuning")?.deletedRunCount, 1);
    assert.equal(byId.has(RUN.scratchRun), false);
    assert.equal(snapshot.experiments.some((e) => e.name === "scratch"), false);
  });

  test("with includeDeleted, the deleted run and the .trash experiment and its run are read too", async () => {
    const all = await readMlflowStore(FIXTURE, { includeDeleted: true });
    const ids = new Set(all.runs.map((r) => r.id));
    assert.ok(ids.has(RUN.toDelete) && ids.has(RUN.scratchRun));
    assert.ok(all.runs.find((r) => r.id === RUN.scratchRun)?.deleted, "a deleted experiment's run is deleted");
    assert.deepEqual({ ...all.runs.find((r) => r.id === RUN.toDelete)?.params }, { tmp: "yes" });
    const scratch = all.experiments.find((e) => e.name === "scratch");
    assert.equal(scratch?.dir, SCRATCH);
    assert.equal(all.runs.find((r) => r.id === RUN.scratchRun)?.metrics.m, 1);
    assert.deepEqual(all.problems, []);
  });

  test("runs whose empty params/, metrics/ or artifacts/ folders git dropped read as empty, without a problem", async () => {
    const fold0 = run(RUN.fold0);
    assert.equal(existsSync(join(fold0.dir, "params")), false, "the fixture lacks the folder, as after a clone");
    assert.deepEqual({ ...fold0.params }, {});
    assert.deepEqual(await listArtifacts(fold0), []);
    assert.deepEqual(await readMlflowMetricHistory(fold0, "no/such/metric"), []);
  });

  test("a run's dir is its absolute folder, so the native artifact listing works on it unchanged", async () => {
    assert.equal(run(RUN.trial0).dir, join(FIXTURE, TUNING, RUN.trial0));
    assert.equal(run(RUN.trial0).experimentDir, TUNING);
    assert.deepEqual(await listArtifacts(run(RUN.trial0)), ["config.json", "notes/readme.txt"]);
  });

  test("datasets and run inputs are ignored: with-dataset is a plain run with its metric", () => {
    const withDataset = run(RUN.withDataset);
    assert.deepEqual({ ...withDataset.metrics }, { acc: 0.5 });
    assert.deepEqual({ ...withDataset.params }, {});
  });

  test("a metric key that would leave the metrics folder is refused", async () => {
    await assert.rejects(readMlflowMetricHistory(run(RUN.trial0), "../params/lr"), { code: "INVALID_KEY" });
  });
});

describe("detecting and refusing", () => {
  test("a folder with an experiment meta.yaml and no experiment.json is an MLflow store; empty, missing and runtree folders are not", async () => {
    assert.equal(await isMlflowStore(FIXTURE), true);
    const empty = tempDir(cleanup);
    assert.equal(await isMlflowStore(empty), false);
    assert.equal(await isMlflowStore(join(empty, "missing")), false);
    const mixed = tempDir(cleanup);
    mkdirSync(join(mixed, "0"));
    writeFileSync(join(mixed, "0", "meta.yaml"), "experiment_id: '0'\nname: Default\n");
    assert.equal(await isMlflowStore(mixed), true);
    mkdirSync(join(mixed, "tuning"));
    writeFileSync(join(mixed, "tuning", "experiment.json"), '{"format":1,"name":"tuning"}\n');
    assert.equal(await isMlflowStore(mixed), false, "any experiment.json makes it a runtree store");
  });

  test("a missing root throws STORE_NOT_FOUND", async () => {
    await assert.rejects(readMlflowStore(join(tempDir(cleanup), "nope")), { code: "STORE_NOT_FOUND" });
  });
});
