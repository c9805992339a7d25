import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { openStore } from "../src/index.ts";
import { mlflowExperimentId } from "../src/mlflow/experiment-id.ts";
import { exportMlflow } from "../src/convert/mlflow-export.ts";
import { importMlflow } from "../src/convert/mlflow-import.ts";
import { readMlflowMetricHistory } from "../src/mlflow/metric-history.ts";
import { readMlflowStore } from "../src/mlflow/read.ts";
import type { RunRecord } from "../src/model/run-record.ts";
import type { StoreSnapshot } from "../src/model/store-snapshot.ts";
import { EMIGRE, EMIGRE_NAME, FIXTURE, RUN, TUNING, removeAll, tempDir } from "./mlflow-fixture.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

/** Every file below `dir`, relative, sorted. */
function filesOf(root: string, dir = ""): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesOf(root, join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

async function withHistories(runs: readonly RunRecord[]) {
  return Promise.all(
    runs.map(async ({ dir, experimentDir: _experimentDir, ...run }) => ({
      ...run,
      histories: await Promise.all(Object.keys(run.metrics).map(async (key) => [key, await readMlflowMetricHistory({ dir }, key)])),
    })),
  );
}

const base = tempDir(cleanup);
const store = join(base, "store");
const exported = join(base, "exported");
// In a hook, not at module level: a failing setup must still reach `after` and remove the temp folders.
let result: Awaited<ReturnType<typeof exportMlflow>>;
before(async () => {
  await importMlflow(FIXTURE, store);
  result = await exportMlflow(store, exported);
});
const tuningId = mlflowExperimentId("tuning");
const emigreId = mlflowExperimentId(EMIGRE_NAME);

describe("fixture → import → export → MLflow reader", () => {
  test("every experiment and run is exported without a problem", () => {
    assert.deepEqual(result, { experiments: 3, runs: 12, artifactsCopied: 6, problems: [] });
  });

  test("the MLflow reader gives back the same runs: ids, names, parents, string params, tags, statuses, histories", async () => {
    const original = await readMlflowStore(FIXTURE);
    const back = await readMlflowStore(exported);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(await withHistories(back.runs), await withHistories(original.runs));
    assert.deepEqual(
      back.experiments.map((e) => [e.name, e.tags, e.runCount]),
      original.experiments.map((e) => [e.name, e.tags, e.runCount]),
    );
  });

  test("params, tags, metrics and artifacts are byte-identical to the files MLflow wrote", () => {
    for (const [from, to] of [
      [TUNING, tuningId],
      [EMIGRE, emigreId],
    ] as const) {
      for (const run of readdirSync(join(FIXTURE, from)).filter((name) => /^[0-9a-f]{32}$/.test(name) && name !== RUN.toDelete)) {
        for (const folder of ["params", "tags", "metrics", "artifacts"]) {
          const files = filesOf(join(FIXTURE, from, run, folder));
          assert.deepEqual(filesOf(join(exported, to, run, folder)), files, `${run}/${folder}`);
          for (const file of files) {
            assert.deepEqual(readFileSync(join(exported, to, run, folder, file)), readFileSync(join(FIXTURE, from, run, folder, file)), file);
          }
        }
      }
    }
  });

  test("a run's meta.yaml has every field MLflow writes, equal to MLflow's except for the new locations", () => {
    const mine = readFileSync(join(exported, tuningId, RUN.sweep, "meta.yaml"), "utf8");
    const mlflows = readFileSync(join(FIXTURE, TUNING, RUN.sweep, "meta.yaml"), "utf8");
    const artifactUri = pathToFileURL(join(exported, tuningId, RUN.sweep, "artifacts")).href;
    const expected = mlflows
      .replace(/^artifact_uri: .*$/m, `artifact_uri: ${artifactUri}`)
      .replace(`experiment_id: '${TUNING}'`, `experiment_id: '${tuningId}'`)
      .replace(/^(run_name: .*\n)/m, `$1run_uuid: ${RUN.sweep}\n`);
    assert.equal(mine, expected);
  });

  test("experiment 0 Default is written, and each experiment's meta.yaml names it under its numeric id", () => {
    assert.equal(
      readFileSync(join(exported, "0", "meta.yaml"), "utf8"),
      `artifact_location: ${pathToFileURL(join(exported, "0")).href}\ncreation_time: 0\nexperiment_id: '0'\n` +
        "last_update_time: 0\nlifecycle_stage: active\nname: Default\n",
    );
    assert.match(readFileSync(join(exported, emigreId, "meta.yaml"), "utf8"), /^name: Émigré results \/ 2026$/m);
    assert.equal(readFileSync(join(exported, tuningId, "tags", "project"), "utf8"), "demo");
    assert.ok(statSync(join(exported, ".trash")).isDirectory());
  });

  test("every run has its params/, tags/, metrics/ and artifacts/ folders, which MLflow 3.8+ needs", () => {
    for (const folder of ["params", "tags", "metrics", "artifacts"]) {
      assert.ok(statSync(join(exported, tuningId, RUN.fold0, folder)).isDirectory(), folder);
    }
  });

  test("exporting again into the same folder gives the same bytes", async () => {
    const before = filesOf(exported).map((file) => [file, readFileSync(join(exported, file), "latin1")]);
    await exportMlflow(store, exported);
    assert.deepEqual(
      filesOf(exported).map((file) => [file, readFileSync(join(exported, file), "latin1")]),
      before,
    );
  });

  test("an MLflow store exports with its experiment ids kept", async () => {
    const copy = join(tempDir(cleanup), "copy");
    await exportMlflow(FIXTURE, copy);
    assert.deepEqual(readdirSync(copy).sort(), [".trash", "0", EMIGRE, TUNING].sort());
  });
});

describe("exporting a runtree store", () => {
  test("numbers and booleans become MLflow's string params; NaN, quoted names and parents survive", async () => {
    const root = join(tempDir(cleanup), "mlruns");
    let now = Date.UTC(2026, 0, 1);
    const runtree = openStore(root, { clock: () => (now += 1000), captureSource: false });
    const exp = runtree.experiment("sweep: lr/momentum");
    let parentId = "";
    let childId = "";
    await exp.run({ name: "parent" }, async (parent) => {
      parentId = parent.id;
      await parent.child({ name: "child 'one'" }, (child) => {
        childId = child.id;
        child.logParams({ lr: 0.001, nesterov: true, optim: "sgd" });
        child.logMetric("loss", NaN, { step: 0 });
        child.logMetric("loss", 0.25, { step: 1 });
      });
    });
    const dst = join(tempDir(cleanup), "mlflow");
    const done = await exportMlflow(root, dst);
    assert.deepEqual(done.problems, []);

    const back = await readMlflowStore(dst);
    const child = back.runs.find((r) => r.id === childId)!;
    assert.equal(child.name, "child 'one'");
    assert.equal(child.parentId, parentId);
    assert.equal(child.experiment, "sweep: lr/momentum");
    assert.deepEqual({ ...child.params }, { lr: "0.001", nesterov: "true", optim: "sgd" });
    const id = mlflowExperimentId("sweep: lr/momentum");
    assert.match(readFileSync(join(dst, id, childId, "metrics", "loss"), "utf8"), /^\d{13} nan 0\n\d{13} 0\.25 1\n$/);
    assert.ok(Number.isNaN((await readMlflowMetricHistory(child, "loss"))[0]!.value));
    assert.equal(child.metrics.loss, 0.25);
    // The parent's child links are runtree's bookkeeping, not MLflow's: the export leaves them out.
    assert.ok(existsSync(join(root, exp.dir, parentId, "children", `${childId}.json`)));
    assert.deepEqual(readdirSync(join(dst, id, parentId)).sort(), ["artifacts", "meta.yaml", "metrics", "params", "tags"]);
  });

  test("source info becomes MLflow's source tags, an abandoned run exports as KILLED, a summary without history keeps its value", async () => {
    const root = tempDir(cleanup);
    const run: RunRecord = {
      id: "0123456789abcdef0123456789abcdef",
      name: "lost",
      experiment: "Default",
      parentId: null,
      status: "RUNNING",
      startTime: 10,
      endTime: null,
      params: { a: 1, "a/b": 2 },
      metrics: { acc: 0.5 },
      tags: {},
      abandoned: true,
      metricSummaries: { acc: { last: 0.5, step: 3, timestamp: 20, min: 0.5, max: 0.5, count: 4 } },
      description: "note",
      source: { script: "train.ts", git: { commit: "abcdef1", dirty: true, branch: "main" }, user: "ada" },
      dir: join(root, "nowhere"),
      experimentDir: "default",
    };
    const snapshot: StoreSnapshot = { root, format: "runtree", experiments: [], runs: [run], problems: [] };
    const dst = join(tempDir(cleanup), "mlflow");
    const done = await exportMlflow(snapshot, dst);

    assert.deepEqual(done.problems.map((p) => [p.file, p.code]), [[`default/${run.id}/params/a/b`, "INVALID_KEY"]]);
    const runDir = join(dst, "0", run.id);
    const meta = readFileSync(join(runDir, "meta.yaml"), "utf8");
    assert.match(meta, /^status: 5$/m);
    assert.match(meta, /^end_time: null$/m);
    assert.match(meta, /^user_id: ada$/m);
    assert.equal(readFileSync(join(runDir, "tags", "mlflow.source.name"), "utf8"), "train.ts");
    assert.equal(readFileSync(join(runDir, "tags", "mlflow.source.git.commit"), "utf8"), "abcdef1");
    assert.equal(readFileSync(join(runDir, "tags", "mlflow.source.git.branch"), "utf8"), "main");
    assert.equal(readFileSync(join(runDir, "tags", "mlflow.note.content"), "utf8"), "note");
    assert.equal(readFileSync(join(runDir, "metrics", "acc"), "utf8"), "20 0.5 3\n");
    assert.equal(readFileSync(join(runDir, "params", "a"), "utf8"), "1");
  });

  test("a destination that is neither empty nor an MLflow store, and a missing source, are refused", async () => {
    const busy = tempDir(cleanup);
    writeFileSync(join(busy, "notes.txt"), "mine");
    await assert.rejects(exportMlflow(store, busy), { code: "INVALID_ARGUMENT" });
    assert.deepEqual(readdirSync(busy), ["notes.txt"]);
    await assert.rejects(exportMlflow(join(busy, "missing"), join(busy, "out")), { code: "STORE_NOT_FOUND" });
    await assert.rejects(exportMlflow(store, store), { code: "INVALID_ARGUMENT" });
  });
});
