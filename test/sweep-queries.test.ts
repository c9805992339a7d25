/**
 * The library answers a sweep's questions directly: its children (direct or all), its best child from the
 * children there are now (a late worker's child counts), an experiment found without being created, and
 * the report built without spawning the CLI.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { buildReport, openStore, type BuildOptions, type BuildResult } from "../src/index.ts";
import { FIXTURE, RUN } from "./mlflow-fixture.ts";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempRoot() {
  const root = mkdtempSync(join(tmpdir(), "runtree-sweeps-"));
  temps.push(root);
  return root;
}

/** A sweep with an objective, three trials (one with folds), ended; a worker's late trial can follow. */
async function sweep() {
  const root = tempRoot();
  const store = openStore(join(root, "mlruns"), { captureSource: false });
  const ids: Record<string, string> = {};
  await store.experiment("tuning").run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (parent) => {
    ids["sweep"] = parent.id;
    for (const [name, loss, acc] of [["t0", 0.5, 0.7], ["t1", 0.3, 0.6], ["t2", NaN, 0.9]] as const) {
      await parent.child({ name, params: { name } }, async (trial) => {
        ids[name] = trial.id;
        trial.logMetrics({ loss, acc });
        if (name === "t1") for (const fold of ["f0", "f1"]) await trial.child({ name: fold }, (f) => void (ids[fold] = f.id));
      });
    }
  });
  await store.experiment("other").run({ name: "unrelated" }, () => {});
  return { root, store, ids };
}

describe("store.children", () => {
  test("gives the direct children in start order, or every run below with { recursive: true }", async () => {
    const { store, ids } = await sweep();
    assert.deepEqual((await store.children(ids["sweep"]!)).map((r) => r.name), ["t0", "t1", "t2"]);
    assert.deepEqual((await store.children(ids["sweep"]!, { recursive: true })).map((r) => r.name), ["t0", "t1", "f0", "f1", "t2"]);
    assert.deepEqual((await store.children(ids["t1"]!)).map((r) => r.id), [ids["f0"], ids["f1"]]);
    assert.deepEqual(await store.children(ids["t0"]!), []);
    await assert.rejects(store.children("0".repeat(32)), { code: "RUN_NOT_FOUND" });
  });

  test("includes a child a worker added after the parent ended", async () => {
    const { root, store, ids } = await sweep();
    const worker = openStore(join(root, "mlruns"), { captureSource: false });
    await worker.experiment("tuning").startRun({ name: "late", parent: ids["sweep"]! }).end();
    assert.deepEqual((await store.children(ids["sweep"]!)).map((r) => r.name), ["t0", "t1", "t2", "late"]);
  });

  test("works on an MLflow store, by its parent tags", async () => {
    const store = openStore(FIXTURE);
    assert.deepEqual((await store.children(RUN.sweep)).map((r) => r.id), [RUN.trial0, RUN.trial1, RUN.trial2]);
    assert.equal((await store.children(RUN.sweep, { recursive: true })).length, 5);
  });
});

describe("store.bestChild", () => {
  test("is computed from the children there are now, while the recorded best stays as it was", async () => {
    const { root, store, ids } = await sweep();
    const recorded = (await store.getRun(ids["sweep"]!)).bestChild;
    assert.equal(recorded?.id, ids["t1"]);
    assert.deepEqual(await store.bestChild(ids["sweep"]!), { ...recorded });

    const worker = openStore(join(root, "mlruns"), { captureSource: false });
    const late = worker.experiment("tuning").startRun({ name: "late", parent: ids["sweep"]!, params: { lr: 0.5 } });
    late.logMetric("loss", 0.1);
    await late.end();
    assert.equal((await store.getRun(ids["sweep"]!)).bestChild?.id, ids["t1"], "the record is what the parent wrote");
    const best = await store.bestChild(ids["sweep"]!);
    assert.deepEqual({ ...best, params: { ...best?.params } }, { id: late.id, name: "late", metric: "loss", goal: "min", value: 0.1, params: { lr: 0.5 } });
  });

  test("takes another objective when given one; NaN never wins; null when no child has the metric", async () => {
    const { store, ids } = await sweep();
    assert.equal((await store.bestChild(ids["sweep"]!, { metric: "acc", goal: "max" }))?.name, "t2");
    assert.equal((await store.bestChild(ids["sweep"]!, { metric: "loss", goal: "max" }))?.name, "t0");
    assert.equal(await store.bestChild(ids["sweep"]!, { metric: "nothing", goal: "min" }), null);
    assert.equal(await store.bestChild(ids["t0"]!, { metric: "loss", goal: "min" }), null, "no children");
  });

  test("without an objective given or declared, or with a malformed one, is an INVALID_ARGUMENT", async () => {
    const { store, ids } = await sweep();
    await assert.rejects(store.bestChild(ids["t1"]!), { code: "INVALID_ARGUMENT", message: /declares no objective/ });
    await assert.rejects(store.bestChild(ids["sweep"]!, { metric: "loss", goal: "lowest" as "min" }), { code: "INVALID_ARGUMENT" });
    await assert.rejects(store.bestChild(ids["sweep"]!, { metric: "../x", goal: "min" }), { code: "INVALID_KEY" });
  });

  test("agrees with the report's best child", async () => {
    const { root, store, ids } = await sweep();
    const worker = openStore(join(root, "mlruns"), { captureSource: false });
    const late = worker.experiment("tuning").startRun({ name: "late", parent: ids["sweep"]! });
    late.logMetric("loss", 0.2);
    await late.end();
    await buildReport({ store: store.root, out: join(root, "site") });
    const page = readFileSync(join(root, "site", "runs", ids["sweep"]!, "index.html"), "utf8");
    const card = /<div class="best-child">[\s\S]*?<\/div>/.exec(page)?.[0] ?? "";
    assert.match(card, new RegExp(`href="[^"]*${late.id}[^"]*">late</a>`), card);
    assert.equal((await store.bestChild(ids["sweep"]!))?.id, late.id);
  });
});

describe("store.getExperiment", () => {
  test("finds an experiment another process created, and never creates one", async () => {
    const root = tempRoot();
    const store = openStore(join(root, "mlruns"), { captureSource: false });
    assert.equal(store.getExperiment("tuning"), null);
    assert.equal(existsSync(store.root), false, "nothing written");
    openStore(join(root, "mlruns")).experiment("tuning");
    const found = store.getExperiment("tuning");
    assert.equal(found?.name, "tuning");
    await found!.run({ name: "joined" }, () => {});
    assert.deepEqual((await store.searchRuns({ experiment: "tuning" })).map((r) => r.name), ["joined"]);
    assert.equal(store.getExperiment("Tuning"), null);
    assert.throws(() => store.getExperiment("a\nb"), { code: "INVALID_NAME" });
  });
});

describe("buildReport from the library", () => {
  test("builds the same site as the CLI, with its problems returned rather than printed", async () => {
    const { root, store } = await sweep();
    const options: BuildOptions = { store: store.root, out: join(root, "site") };
    const result: BuildResult = await buildReport(options);
    assert.equal(result.runs, 7);
    assert.equal(result.experiments, 2);
    assert.deepEqual(result.problems, []);
    assert.ok(existsSync(join(root, "site", "index.html")));
    await assert.rejects(buildReport({ store: root, out: join(root, "site2") }), { code: "NOT_A_STORE" });
  });
});
