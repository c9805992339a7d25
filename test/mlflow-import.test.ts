import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { experimentDir } from "../src/format/experiment-dir.ts";
import { importMlflow } from "../src/convert/mlflow-import.ts";
import { inside } from "../src/convert/inside.ts";
import { readMlflowStore } from "../src/mlflow/read.ts";
import type { RunRecord } from "../src/model/run-record.ts";
import { readStore } from "../src/load/read-store.ts";
import { readMetricHistory } from "../src/load/histories.ts";
import { isExperimentFile, isMetricHeader, isMetricLine, isRunFile } from "../src/format/schema.ts";
import { copyFixture, EMIGRE_NAME, FIXTURE, RUN, TUNING, removeAll, tempDir } from "./mlflow-fixture.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

/** Every file below `root`, relative, sorted, with its bytes. */
function filesOf(root: string, dir = ""): Array<[string, string]> {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .flatMap((entry): Array<[string, string]> => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesOf(root, path) : [[path, readFileSync(join(root, path), "latin1")]];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** What a run is, without where it lies. */
function essence(run: RunRecord) {
  const { dir: _dir, experimentDir: _experimentDir, ...rest } = run;
  return rest;
}

const dest = join(tempDir(cleanup), "store");
// In a hook, not at module level: a failing setup must still reach `after` and remove the temp folders.
let first: Awaited<ReturnType<typeof importMlflow>>;
before(async () => {
  first = await importMlflow(FIXTURE, dest);
});

describe("importing the fixture into a runtree store", () => {
  test("every active experiment and its runs (the deleted one too) are imported, with their artifacts, and nothing is reported", () => {
    assert.deepEqual(first, {
      experimentsCreated: 3,
      runsImported: 12,
      runsUnchanged: 0,
      runsSkipped: 0,
      artifactsCopied: 6,
      problems: [],
    });
  });

  test("experiments go to their derived folders and runs keep their MLflow ids", () => {
    const tuning = readdirSync(join(dest, "tuning")).sort();
    assert.ok(tuning.includes(RUN.sweep) && tuning.includes(RUN.fold1) && tuning.includes("experiment.json"));
    assert.ok(tuning.includes(RUN.toDelete), "a deleted run is imported (deleted)");
    const deleted = JSON.parse(readFileSync(join(dest, "tuning", RUN.toDelete, "run.json"), "utf8")) as { deleted?: unknown };
    assert.deepEqual(deleted.deleted, { time: 1795923211249 }, "with MLflow's deleted_time");
    assert.equal(readdirSync(dest).some((dir) => dir.startsWith("scratch")), false, "a deleted experiment (.trash) is not imported");
    assert.deepEqual(readdirSync(join(dest, experimentDir(EMIGRE_NAME))).sort(), [RUN.baldHog, RUN.baseline, "experiment.json"].sort());
    assert.deepEqual(readdirSync(dest).sort(), ["default-21b111cb", experimentDir(EMIGRE_NAME), "tuning"].sort(), "no temp folder is left");
  });

  test("every file written validates against runtree's schemas", () => {
    let checked = 0;
    for (const [path, bytes] of filesOf(dest)) {
      const text = Buffer.from(bytes, "latin1").toString("utf8");
      if (path.endsWith("experiment.json")) assert.ok(isExperimentFile(JSON.parse(text)), path);
      else if (path.endsWith("run.json")) assert.ok(isRunFile(JSON.parse(text)), path);
      else if (path.endsWith("metrics.jsonl")) {
        const [header, ...lines] = text.trimEnd().split("\n");
        assert.ok(isMetricHeader(JSON.parse(header!)), path);
        for (const line of lines) assert.ok(isMetricLine(JSON.parse(line)), `${path}: ${line}`);
      } else {
        assert.match(path, /\/artifacts\//);
        continue;
      }
      checked++;
    }
    assert.equal(checked, 3 + 12 * 2);
  });

  test("metrics.jsonl starts with its header, then one line per point, NaN and Infinity encoded", () => {
    const trial0 = readFileSync(join(dest, "tuning", RUN.trial0, "metrics.jsonl"), "utf8").split("\n");
    assert.equal(trial0[0], `{"format":1,"run":"${RUN.trial0}"}`);
    assert.equal(trial0[3], '{"key":"train/loss","value":0.3333333333333333,"step":2,"timestamp":1767225602000}');
    assert.equal(trial0.filter((line) => line.includes('"train/loss"')).length, 20);
    const diverged = readFileSync(join(dest, "tuning", RUN.diverged, "metrics.jsonl"), "utf8");
    assert.match(diverged, /"key":"x","value":"NaN"/);
    assert.match(diverged, /"key":"y","value":"Infinity"/);
  });

  test("params that MLflow stored as strings stay strings in run.json", () => {
    const runJson = JSON.parse(readFileSync(join(dest, "tuning", RUN.trial0, "run.json"), "utf8")) as { params: unknown };
    assert.deepEqual(runJson.params, { lr: "0.1", "optim/name": "sgd" });
  });

  test("artifacts are copied byte for byte", () => {
    for (const path of ["config.json", "notes/readme.txt"]) {
      assert.deepEqual(
        readFileSync(join(dest, "tuning", RUN.trial1, "artifacts", path)),
        readFileSync(join(FIXTURE, TUNING, RUN.trial1, "artifacts", path)),
      );
    }
  });

  test("the native reader sees the same runs in the imported store as the MLflow reader in the fixture", async () => {
    const native = await readStore(dest);
    const mlflow = await readMlflowStore(FIXTURE);
    assert.deepEqual(native.problems, []);
    assert.deepEqual(native.runs.map(essence), mlflow.runs.map(essence));
    assert.deepEqual(
      native.experiments.map((e) => [e.name, e.runCount, e.tags]),
      mlflow.experiments.map((e) => [e.name, e.runCount, e.tags]),
    );
    const trial2 = native.runs.find((r) => r.id === RUN.trial2)!;
    assert.equal((await readMetricHistory(trial2, "train/loss")).length, 20);
  });

  test("importing a second time changes no byte and says the runs were already there", async () => {
    const before = filesOf(dest);
    const again = await importMlflow(FIXTURE, dest);
    assert.deepEqual(filesOf(dest), before);
    assert.equal(again.runsImported, 0);
    assert.equal(again.runsUnchanged, 12);
    assert.equal(again.experimentsCreated, 0);
    assert.equal(again.artifactsCopied, 0);
    assert.deepEqual(again.problems, []);
  });
});

describe("import never overwrites", () => {
  test("a different run with the same id is reported and left as it is; the other runs are imported", async () => {
    const store = join(tempDir(cleanup), "store");
    const path = join(store, "tuning", RUN.sweep, "run.json");
    await importMlflow(FIXTURE, store);
    const edited = readFileSync(path, "utf8").replace('"name": "sweep"', '"name": "my sweep"');
    writeFileSync(path, edited);

    const result = await importMlflow(FIXTURE, store);
    assert.deepEqual(result.problems.map((p) => [p.file, p.code]), [[`${TUNING}/${RUN.sweep}/meta.yaml`, "RUN_CONFLICT"]]);
    assert.match(result.problems[0]!.message, /already has a different run/);
    assert.equal(readFileSync(path, "utf8"), edited);
    assert.equal(result.runsSkipped, 1);
    assert.equal(result.runsUnchanged, 11);
  });

  test("a run with the same id in another experiment's folder is a conflict too", async () => {
    const store = join(tempDir(cleanup), "store");
    mkdirSync(join(store, "elsewhere", RUN.killed), { recursive: true });
    writeFileSync(join(store, "elsewhere", "experiment.json"), '{\n  "format": 1,\n  "name": "elsewhere"\n}\n');

    const result = await importMlflow(FIXTURE, store);
    assert.deepEqual(result.problems.map((p) => p.code), ["RUN_CONFLICT"]);
    assert.match(result.problems[0]!.message, /elsewhere/);
    assert.equal(readdirSync(join(store, "tuning")).includes(RUN.killed), false);
    assert.equal(result.runsImported, 11);
  });

  test("a key runtree cannot store is reported and skipped; the run's other keys are imported", async () => {
    const src = copyFixture(cleanup);
    writeFileSync(join(src, TUNING, RUN.sweep, "params", "bad*key"), "1");
    writeFileSync(join(src, TUNING, RUN.sweep, "metrics", "bad?metric"), "1767225600000 1.0 0\n");
    const store = join(tempDir(cleanup), "store");

    const result = await importMlflow(src, store);
    assert.deepEqual(
      result.problems.map((p) => [p.file, p.code]).sort(),
      [
        [`${TUNING}/${RUN.sweep}/metrics/bad?metric`, "INVALID_KEY"],
        [`${TUNING}/${RUN.sweep}/params/bad*key`, "INVALID_KEY"],
      ],
    );
    const runJson = JSON.parse(readFileSync(join(store, "tuning", RUN.sweep, "run.json"), "utf8")) as RunJson;
    assert.deepEqual(runJson.params, { model: "mlp" });
    assert.deepEqual(Object.keys(runJson.metrics), ["best_val_acc"]);
    assert.equal(readFileSync(join(store, "tuning", RUN.sweep, "metrics.jsonl"), "utf8").includes("bad?metric"), false);
  });

  test("a source that is missing, or not an MLflow store, and a destination that is one, are refused", async () => {
    const empty = tempDir(cleanup);
    await assert.rejects(importMlflow(join(empty, "missing"), join(empty, "out")), { code: "STORE_NOT_FOUND" });
    await assert.rejects(importMlflow(empty, join(empty, "out")), { code: "INVALID_ARGUMENT" });
    await assert.rejects(importMlflow(FIXTURE, copyFixture(cleanup)), { code: "INVALID_ARGUMENT" });
  });

  test("a folder in the destination that links outside it is never written through", async () => {
    const outside = tempDir(cleanup);
    const store = tempDir(cleanup);
    symlinkSync(outside, join(store, "tuning"));
    await assert.rejects(importMlflow(FIXTURE, store), { code: "INVALID_ARGUMENT" });
    assert.deepEqual(readdirSync(outside), []);
  });

  test("a path that would leave the destination is refused", () => {
    assert.throws(() => inside("/tmp/store", "..", "etc"), { code: "INVALID_ARGUMENT" });
    assert.throws(() => inside("/tmp/store", "/etc/passwd"), { code: "INVALID_ARGUMENT" });
    assert.equal(inside("/tmp/store", "a", "b"), "/tmp/store/a/b");
  });
});

interface RunJson {
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
}
