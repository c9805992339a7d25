/** Deleted runs between runtree and MLflow: `deleted` ↔ `lifecycle_stage: deleted` with `deleted_time`, both ways. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { exportMlflow, importMlflow, openStore, readMlflowStore } from "../src/index.js";
import { mlflowExperimentId } from "../src/mlflow/experiment-id.js";
import { FIXTURE, RUN, TUNING, removeAll, tempDir } from "./mlflow-fixture.js";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

const DELETED_AT = Date.UTC(2026, 5, 1);

test("deleted runs export as lifecycle_stage: deleted with their deleted_time, and import back deleted", async () => {
  const root = join(tempDir(cleanup), "mlruns");
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(root, { clock: () => now++, captureSource: false });
  const ids: Record<string, string> = {};
  await store.experiment("tuning").run({ name: "sweep" }, async (sweep) => {
    ids["sweep"] = sweep.id;
    await sweep.child({ name: "trial" }, (trial) => void (ids["trial"] = trial.id));
  });
  await store.experiment("tuning").run({ name: "kept" }, (run) => void (ids["kept"] = run.id));
  now = DELETED_AT;
  await store.deleteRun(ids["sweep"]!);

  const exported = join(tempDir(cleanup), "mlflow");
  assert.deepEqual((await exportMlflow(root, exported)).problems, []);
  const meta = (name: string) => readFileSync(join(exported, mlflowExperimentId("tuning"), ids[name]!, "meta.yaml"), "utf8");
  assert.match(meta("sweep"), new RegExp(`\\ndeleted_time: ${DELETED_AT}\\n`));
  assert.match(meta("sweep"), /\nlifecycle_stage: deleted\n/);
  assert.match(meta("trial"), /\nlifecycle_stage: deleted\n/);
  assert.match(meta("kept"), /\nlifecycle_stage: active\n/);
  assert.doesNotMatch(meta("kept"), /deleted_time/);

  const read = await readMlflowStore(exported);
  assert.deepEqual(read.runs.filter((run) => run.deleted).map((run) => run.name).sort(), ["sweep", "trial"]);

  const back = join(tempDir(cleanup), "back");
  assert.deepEqual((await importMlflow(exported, back)).problems, []);
  const again = openStore(back);
  assert.deepEqual((await again.searchRuns({ view: "deleted" })).map((run) => run.name).sort(), ["sweep", "trial"]);
  assert.deepEqual((await again.searchRuns()).map((run) => run.name), ["kept"]);
  assert.equal((await again.getRun(ids["sweep"]!)).deleted?.time, DELETED_AT);
  // MLflow has no field for the ancestor a run went with: the trial comes back deleted on its own.
  assert.equal((await again.getRun(ids["trial"]!)).deleted?.ancestor, undefined);
  assert.deepEqual(await again.restoreRun(ids["trial"]!), [ids["trial"]]);
});

test("MLflow's deleted run keeps its lifecycle and deleted_time through import and export", async () => {
  const store = join(tempDir(cleanup), "store");
  await importMlflow(FIXTURE, store);
  const run = await openStore(store).getRun(RUN.toDelete);
  assert.deepEqual(run.deleted, { time: 1795923211249 });
  const exported = join(tempDir(cleanup), "mlflow");
  await exportMlflow(store, exported);
  const original = readFileSync(join(FIXTURE, TUNING, RUN.toDelete, "meta.yaml"), "utf8");
  const written = readFileSync(join(exported, mlflowExperimentId("tuning"), RUN.toDelete, "meta.yaml"), "utf8");
  for (const field of ["lifecycle_stage", "deleted_time", "end_time", "status"]) {
    const line = new RegExp(`^${field}: .*$`, "m");
    assert.equal(line.exec(written)?.[0], line.exec(original)?.[0], field);
  }
});
