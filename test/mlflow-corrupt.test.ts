import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { readMlflowMetricHistory } from "../src/mlflow/metric-history.ts";
import { readMlflowStore } from "../src/mlflow/read.ts";
import { fsSource } from "../src/source/fs-source.ts";
import type { StoreSource } from "../src/source/store-source.ts";
import { copyFixture, EMIGRE, RUN, TUNING, removeAll } from "./mlflow-fixture.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

describe("a damaged MLflow store: every bad file is a problem, the rest is read", () => {
  test("a garbage line and a torn last line in a metric file are reported by line and skipped", async () => {
    const root = copyFixture(cleanup);
    const file = join(root, TUNING, RUN.trial0, "metrics", "train", "loss");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    lines[4] = "this is not a metric line";
    lines[19] = lines[19]!.slice(0, 9); // the last write torn mid-timestamp: "176722561"
    writeFileSync(file, lines.join("\n"));

    const snapshot = await readMlflowStore(root);
    const display = `${TUNING}/${RUN.trial0}/metrics/train/loss`;
    assert.deepEqual(
      snapshot.problems.map((p) => [p.file, p.code]),
      [
        [`${display}:5`, "CORRUPT_FILE"],
        [`${display}:20`, "CORRUPT_FILE"],
      ],
    );
    assert.match(snapshot.problems[0]!.message, /expected "<timestamp> <value> <step>", found "this is not a metric line"/);
    const trial0 = snapshot.runs.find((r) => r.id === RUN.trial0)!;
    assert.equal(trial0.metricSummaries["train/loss"]?.count, 18);
    assert.equal(trial0.metricSummaries["train/loss"]?.step, 18, "the latest good point");
    assert.equal(trial0.metrics.val_acc, 0.81);
    assert.equal(snapshot.runs.length, 12);
    assert.equal((await readMlflowMetricHistory(trial0, "train/loss")).length, 18);
  });

  test("a run whose meta.yaml is garbage is reported and skipped; its siblings and children are read", async () => {
    const root = copyFixture(cleanup);
    writeFileSync(join(root, TUNING, RUN.trial1, "meta.yaml"), "{{{ <<<<<<< HEAD\n\0\0garbage\n");
    writeFileSync(join(root, TUNING, RUN.fold1, "meta.yaml"), "");

    const snapshot = await readMlflowStore(root);
    assert.deepEqual(
      snapshot.problems.map((p) => [p.file, p.code]),
      [
        [`${TUNING}/${RUN.trial1}/meta.yaml`, "CORRUPT_FILE"],
        [`${TUNING}/${RUN.fold1}/meta.yaml`, "SCHEMA_VIOLATION"],
      ],
    );
    assert.match(snapshot.problems[0]!.message, /line 1: expected a 'key: value' line/);
    assert.match(snapshot.problems[1]!.message, /expected/);
    const ids = snapshot.runs.map((r) => r.id);
    assert.equal(ids.includes(RUN.trial1) || ids.includes(RUN.fold1), false);
    assert.equal(snapshot.runs.length, 10);
    assert.equal(snapshot.runs.find((r) => r.id === RUN.fold0)?.parentId, RUN.trial1, "an orphan keeps its parent id");
  });

  test("an experiment whose meta.yaml is garbage is reported and skipped; the other experiments are read", async () => {
    const root = copyFixture(cleanup);
    writeFileSync(join(root, EMIGRE, "meta.yaml"), ":::: not: [valid\n  - yaml at all");

    const snapshot = await readMlflowStore(root);
    assert.deepEqual(snapshot.problems.map((p) => [p.file, p.code]), [[`${EMIGRE}/meta.yaml`, "CORRUPT_FILE"]]);
    assert.deepEqual(snapshot.experiments.map((e) => e.name), ["Default", "tuning"]);
    assert.equal(snapshot.runs.length, 10);
  });

  test("a status MLflow does not define is reported, naming the field and what was expected", async () => {
    const root = copyFixture(cleanup);
    const file = join(root, TUNING, RUN.killed, "meta.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("status: 5", "status: 9"));

    const snapshot = await readMlflowStore(root);
    assert.equal(snapshot.problems.length, 1);
    assert.equal(snapshot.problems[0]!.code, "SCHEMA_VIOLATION");
    assert.match(snapshot.problems[0]!.message, /"status": expected an integer from 1 to 5, found "9"/);
    assert.equal(snapshot.runs.some((r) => r.id === RUN.killed), false);
  });

  test("a run folder copied into another experiment is reported as misplaced; the original still reads", async () => {
    const root = copyFixture(cleanup);
    cpSync(join(root, EMIGRE, RUN.baseline), join(root, TUNING, RUN.baseline), { recursive: true });

    const snapshot = await readMlflowStore(root);
    assert.deepEqual(snapshot.problems.map((p) => [p.file, p.code]), [[`${TUNING}/${RUN.baseline}/meta.yaml`, "MISPLACED_RUN"]]);
    assert.equal(snapshot.runs.filter((r) => r.id === RUN.baseline).length, 1);
    assert.equal(snapshot.runs.find((r) => r.id === RUN.baseline)?.experimentDir, EMIGRE);
  });

  test("a parent tag that is not a run id is reported and the run becomes a root", async () => {
    const root = copyFixture(cleanup);
    writeFileSync(join(root, TUNING, RUN.trial2, "tags", "mlflow.parentRunId"), "../../etc");

    const snapshot = await readMlflowStore(root);
    assert.deepEqual(snapshot.problems.map((p) => p.code), ["INVALID_VALUE"]);
    assert.equal(snapshot.runs.find((r) => r.id === RUN.trial2)?.parentId, null);
  });

  test("a symbolic link among the params is reported and not followed", async () => {
    const root = copyFixture(cleanup);
    symlinkSync("/etc/hostname", join(root, TUNING, RUN.sweep, "params", "leak"));

    const snapshot = await readMlflowStore(root);
    assert.deepEqual(snapshot.problems.map((p) => [p.file, p.code]), [[`${TUNING}/${RUN.sweep}/params/leak`, "NOT_A_FILE"]]);
    assert.deepEqual({ ...snapshot.runs.find((r) => r.id === RUN.sweep)?.params }, { model: "mlp" });
  });

  test("a param or metric file that cannot be read is reported as UNREADABLE and skipped, read at once or through a promise", async () => {
    const root = copyFixture(cleanup);
    const params = `${TUNING}/${RUN.trial0}/params`;
    const metric = `${TUNING}/${RUN.trial0}/metrics/val_acc`;
    const refused = (path: string) => {
      if (path !== `${params}/lr` && path !== metric) return;
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: "EACCES" });
    };
    const disk = fsSource(root);
    const now: StoreSource = { ...disk, readNow: (path) => (refused(path), disk.readNow!(path)) };
    const { readNow: _, ...asynchronous } = disk;
    const later: StoreSource = { ...asynchronous, read: async (path) => (refused(path), disk.read(path)) };
    const whole = (await readMlflowStore(root)).runs.find((r) => r.id === RUN.trial0)!;
    for (const source of [now, later]) {
      const snapshot = await readMlflowStore(source);
      assert.deepEqual(
        snapshot.problems.map((p) => [p.file, p.code]),
        [
          [`${params}/lr`, "UNREADABLE"],
          [metric, "UNREADABLE"],
        ],
      );
      assert.match(snapshot.problems[0]!.message, /cannot read the file \(EACCES\); skipped/);
      const trial0 = snapshot.runs.find((r) => r.id === RUN.trial0)!;
      const { lr, ...otherParams } = whole.params;
      assert.ok(lr !== undefined && Object.keys(otherParams).length > 0, "the fixture's trial has lr and other params");
      assert.deepEqual({ ...trial0.params }, otherParams);
      assert.equal(trial0.metrics.val_acc, undefined);
      assert.deepEqual(Object.keys(trial0.metricSummaries).sort(), Object.keys(whole.metricSummaries).filter((key) => key !== "val_acc").sort());
      assert.equal(snapshot.runs.length, 12);
    }
  });

  test("a root folder without meta.yaml is reported, except MLflow's model registry folder models/", async () => {
    const root = copyFixture(cleanup);
    mkdirSync(join(root, "123"));
    mkdirSync(join(root, "models", "my-model"), { recursive: true });

    const snapshot = await readMlflowStore(root);
    assert.deepEqual(snapshot.problems.map((p) => [p.file, p.code]), [["123/meta.yaml", "MISSING_FILE"]]);
    assert.equal(snapshot.experiments.length, 3);
  });
});
