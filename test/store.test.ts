import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, readStore, RuntreeError, type Run } from "../src/index.ts";
import { isChildFile, isExperimentFile, isMetricHeader, isMetricLine, isRunFile } from "../src/format/schema.ts";
import { checkStore } from "../src/load/check-store.ts";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempStore() {
  const root = mkdtempSync(join(tmpdir(), "runtree-store-"));
  temps.push(root);
  let now = Date.UTC(2026, 0, 1);
  return openStore(join(root, "mlruns"), { clock: () => (now += 1000), captureSource: false });
}

/** Every file of a store with its path relative to the root, sorted. */
function filesOf(root: string, dir = ""): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesOf(root, join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

describe("the tutorial, ported", () => {
  test("a scoped parent with scoped children writes the documented layout, every file schema-valid", async () => {
    const store = tempStore();
    const exp = store.experiment("Nested Child Association");
    let parentId = "";
    await exp.run({ name: "parent_run_test_default_0", tags: { test_identifier: "default" } }, async (parent) => {
      parentId = parent.id;
      await parent.child({ name: "run_0_test_0" }, (child) => {
        child.logParams({ param1: "x", param2: "u" });
        child.logMetric("metric1", 0.42);
        child.logMetric("loss", 0.31, { step: 10 });
        child.setTag("test_identifier", "default");
        child.logText("# notes", "notes.md");
        child.logJson({ b: 1, a: [1, 2] }, "cfg/config.json");
      });
      parent.logMetric("best_metric1", 0.1);
    });
    const files = filesOf(store.root);
    const expDir = "nested-child-association-" + exp.dir.split("-").pop();
    assert.equal(exp.dir, expDir);
    assert.ok(files.includes(join(expDir, "experiment.json")));
    const runFiles = files.filter((f) => f.endsWith("run.json"));
    assert.equal(runFiles.length, 2);
    for (const file of files) {
      const text = readFileSync(join(store.root, file), "utf8");
      if (file.endsWith("experiment.json")) assert.ok(isExperimentFile(JSON.parse(text)), file);
      if (file.endsWith("run.json")) assert.ok(isRunFile(JSON.parse(text)), file);
      if (file.includes("/children/")) assert.ok(isChildFile(JSON.parse(text)), file);
      if (file.endsWith("metrics.jsonl")) {
        const [header, ...points] = text.trimEnd().split("\n");
        assert.ok(isMetricHeader(JSON.parse(header!)), file);
        for (const line of points) assert.ok(isMetricLine(JSON.parse(line)), `${file}: ${line}`);
      }
    }
    const snapshot = await readStore(store.root);
    assert.deepEqual(snapshot.problems, []);
    const child = snapshot.runs.find((r) => r.name === "run_0_test_0")!;
    assert.equal(child.parentId, parentId);
    assert.deepEqual(
      files.filter((f) => f.startsWith(join(expDir, parentId))),
      [join(expDir, parentId, "children", `${child.id}.json`), join(expDir, parentId, "metrics.jsonl"), join(expDir, parentId, "run.json")],
      "the child's link sits in its parent's children/ folder, named by the child's id",
    );
    assert.equal(child.status, "FINISHED");
    assert.deepEqual({ ...child.params }, { param1: "x", param2: "u" });
    assert.deepEqual({ ...child.metrics }, { loss: 0.31, metric1: 0.42 });
    assert.deepEqual(await store.artifacts(child.id), ["cfg/config.json", "notes.md"]);
    assert.equal(readFileSync(join(child.dir, "artifacts/cfg/config.json"), "utf8"), '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}\n');
  });

  test("run ids are 32 lowercase hex digits and sort in creation order, even within one millisecond", () => {
    const root = mkdtempSync(join(tmpdir(), "runtree-ids-"));
    temps.push(root);
    const exp = openStore(root, { clock: () => Date.UTC(2026, 0, 1), captureSource: false }).experiment("ids");
    const ids = Array.from({ length: 50 }, () => exp.startRun().id);
    assert.equal(new Set(ids.map((id) => id.slice(0, 12))).size, 1, "all in the same millisecond");
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  test("experiment folders are derived from the name alone: safe slugs kept, other names slugged and hashed", () => {
    const store = tempStore();
    assert.equal(store.experiment("tuning").dir, "tuning");
    const fancy = store.experiment("Émigré results / 2026");
    assert.match(fancy.dir, /^emigre-results-2026-[0-9a-f]{8}$/);
    assert.notEqual(store.experiment("Tuning").dir, "tuning");
    assert.match(store.experiment("../../etc").dir, /^etc-[0-9a-f]{8}$/);
    assert.match(store.experiment("日本語").dir, /^exp-[0-9a-f]{8}$/);
    // Same name, same bytes: what makes two machines' experiment.json merge cleanly.
    const other = tempStore();
    other.experiment("Émigré results / 2026");
    assert.equal(
      readFileSync(join(other.root, fancy.dir, "experiment.json"), "utf8"),
      readFileSync(join(store.root, fancy.dir, "experiment.json"), "utf8"),
    );
  });

  test("a scoped run that throws ends FAILED and the error is rethrown", async () => {
    const store = tempStore();
    const boom = new Error("boom");
    let id = "";
    await assert.rejects(
      store.experiment("e").run({ name: "bad" }, (run) => {
        id = run.id;
        throw boom;
      }),
      (error) => error === boom,
    );
    const run = await store.getRun(id);
    assert.equal(run.status, "FAILED");
    assert.ok(run.endTime !== null && run.endTime >= run.startTime);
  });

  test("scoped runs return what their function returns", async () => {
    const value = await tempStore().experiment("e").run({}, async (run) => run.child({}, () => 42));
    assert.equal(value, 42);
  });

  test("children nest to any depth and name their parent", async () => {
    const store = tempStore();
    const exp = store.experiment("deep");
    const chain: Run[] = [exp.startRun({ name: "level-0" })];
    for (let depth = 1; depth < 6; depth++) chain.push(chain[depth - 1]!.startChild({ name: `level-${depth}` }));
    for (const run of [...chain].reverse()) await run.end();
    const runs = await store.searchRuns({ experiment: "deep" });
    for (let depth = 1; depth < 6; depth++) {
      assert.equal(runs.find((r) => r.name === `level-${depth}`)!.parentId, chain[depth - 1]!.id);
    }
  });

  test("a run started without a name gets a readable, id-derived one", async () => {
    const run = tempStore().experiment("e").startRun();
    assert.match(run.name, /^[a-z]+-[a-z]+-\d{1,3}$/);
    await run.end();
  });
});

describe("values", () => {
  test("NaN and ±Infinity metric values round-trip through run.json and metrics.jsonl", async () => {
    const store = tempStore();
    const run = store.experiment("values").startRun();
    run.logMetric("nan", NaN);
    run.logMetric("inf", Infinity, { step: 1 });
    run.logMetric("ninf", -Infinity, { step: 2 });
    const history = await store.metricHistory(run.id, "inf");
    assert.deepEqual(history.map((p) => p.value), [Infinity]);
    await run.end();
    const record = await store.getRun(run.id);
    assert.ok(Number.isNaN(record.metrics["nan"]));
    assert.equal(record.metrics["inf"], Infinity);
    assert.equal(record.metrics["ninf"], -Infinity);
    assert.match(readFileSync(join(run.dir, "run.json"), "utf8"), /"last": "-Infinity"/);
  });

  test("params keep their JSON type, so numeric params stay numbers", async () => {
    const store = tempStore();
    const run = store.experiment("values").startRun({ params: { lr: 0.01, layers: 3, name: "mlp", shuffle: true } });
    await run.end();
    const record = await store.getRun(run.id);
    assert.deepEqual({ ...record.params }, { layers: 3, lr: 0.01, name: "mlp", shuffle: true });
    assert.equal(typeof record.params["lr"], "number");
  });

  test("the latest metric value is the point with the highest step, then timestamp", async () => {
    const store = tempStore();
    const run = store.experiment("values").startRun();
    run.logMetric("loss", 0.5, { step: 5, timestamp: 100 });
    run.logMetric("loss", 0.9, { step: 1, timestamp: 200 });
    run.logMetric("loss", 0.4, { step: 5, timestamp: 150 });
    await run.end();
    const record = await store.getRun(run.id);
    assert.equal(record.metrics["loss"], 0.4);
    assert.deepEqual(record.metricSummaries["loss"], { last: 0.4, step: 5, timestamp: 150, min: 0.4, max: 0.9, count: 3 });
    assert.deepEqual((await store.metricHistory(run.id, "loss")).map((p) => p.step), [5, 1, 5]);
  });

  test("a running run is read with every metric logged so far, before any flush", async () => {
    const store = tempStore();
    const run = store.experiment("live").startRun();
    for (let step = 0; step < 5; step++) run.logMetric("loss", 1 / (step + 1), { step });
    const record = await store.getRun(run.id);
    assert.equal(record.status, "RUNNING");
    assert.equal(record.abandoned, false);
    assert.equal(record.metricSummaries["loss"]!.count, 5);
    await run.end();
  });
});

describe("objective and best child", () => {
  test("a parent with an objective records its best child (id, value, params) when it ends", async () => {
    const store = tempStore();
    const exp = store.experiment("Parent Child Association Challenge");
    const values = [0.7, 0.2, NaN, 0.5];
    const parentId = await exp.run({ name: "parent", objective: { metric: "metric1", goal: "min" } }, async (parent) => {
      for (const [i, value] of values.entries()) {
        await parent.child({ name: `trial-${i}`, params: { param1: `p${i}`, lr: i / 10 } }, (child) => child.logMetric("metric1", value));
      }
      return parent.id;
    });
    const parent = await store.getRun(parentId);
    assert.deepEqual(
      { name: parent.bestChild?.name, value: parent.bestChild?.value, params: { ...parent.bestChild?.params }, metric: parent.bestChild?.metric },
      { name: "trial-1", value: 0.2, params: { lr: 0.1, param1: "p1" }, metric: "metric1" },
    );
    const maxParent = exp.startRun({ objective: { metric: "metric1", goal: "max" } });
    for (const [name, value] of [["three", 3], ["seven", 7], ["five", 5]] as const) {
      const c = maxParent.startChild({ name });
      c.logMetric("metric1", value);
      await c.end();
    }
    await maxParent.end();
    assert.deepEqual([(await store.getRun(maxParent.id)).bestChild?.name, (await store.getRun(maxParent.id)).bestChild?.value], ["seven", 7]);
  });

  test("a child's link is only a hint: a parent counts a linked run only when that run's own run.json names it", async () => {
    const store = tempStore();
    const exp = store.experiment("e");
    const stranger = exp.startRun({ name: "stranger" });
    stranger.logMetric("metric1", -1);
    await stranger.end();
    const parent = exp.startRun({ name: "sweep", objective: { metric: "metric1", goal: "min" } });
    const child = parent.startChild({ name: "trial" });
    child.logMetric("metric1", 0.5);
    await child.end();
    // A link copied by hand (or by a bad merge) to a run that is not this parent's child.
    writeFileSync(join(parent.dir, "children", `${stranger.id}.json`), JSON.stringify({ format: 1, id: stranger.id }));
    await parent.end();
    assert.equal((await store.getRun(parent.id)).bestChild?.name, "trial");
  });

  test("a parent whose children never logged the objective records no best child", async () => {
    const store = tempStore();
    const parent = store.experiment("e").startRun({ objective: { metric: "m", goal: "min" } });
    await parent.startChild().end();
    await parent.end();
    assert.equal((await store.getRun(parent.id)).bestChild, undefined);
  });
});

describe("validation: clear typed errors, and a rejected call writes nothing", () => {
  const cases: Array<[string, (run: Run) => void, string, RegExp]> = [
    ["an empty key", (r) => r.logParam("", 1), "INVALID_KEY", /invalid param key ""/],
    ["a key with a forbidden character", (r) => r.logMetric("loss!", 1), "INVALID_KEY", /only letters, digits/],
    ["a '..' segment", (r) => r.setTag("a/../b", "x"), "INVALID_KEY", /'\.\.'/],
    ["a leading slash", (r) => r.logParam("/lr", 1), "INVALID_KEY", /leading, trailing or doubled/],
    ["a key starting with '..'", (r) => r.logParam("..a", 1), "INVALID_KEY", /starting with '\.\.'/],
    ["a value with no JSON form", (r) => r.logJson(undefined, "u.json"), "INVALID_VALUE", /no JSON form/],
    ["a key over 250 characters", (r) => r.logParam("k".repeat(251), 1), "INVALID_KEY", /at most 250/],
    ["an over-long param value", (r) => r.logParam("p", "v".repeat(6001)), "INVALID_VALUE", /at most 6000/],
    ["an over-long tag value", (r) => r.setTag("t", "v".repeat(8001)), "INVALID_VALUE", /at most 8000/],
    ["an object param", (r) => r.logParam("p", {} as never), "INVALID_VALUE", /a string, a finite number or a boolean/],
    ["a non-finite param", (r) => r.logParam("p", NaN), "INVALID_VALUE", /finite number/],
    ["a non-integer step", (r) => r.logMetric("loss", 1, { step: 1.5 }), "INVALID_STEP", /step must be an integer, got 1.5/],
    ["a string metric value", (r) => r.logMetric("loss", "0.3" as never), "INVALID_VALUE", /a number/],
    ["a bad timestamp", (r) => r.logMetric("loss", 1, { timestamp: -1 }), "INVALID_TIMESTAMP", /milliseconds/],
    ["a non-string tag", (r) => r.setTag("t", 3 as never), "INVALID_VALUE", /a string/],
    ["a Map of params", (r) => r.logParams(new Map() as never), "INVALID_ARGUMENT", /plain object/],
    ["an artifact path escaping the run", (r) => r.logText("x", "../../evil.txt"), "INVALID_ARTIFACT_PATH", /'\.\.'/],
    ["an absolute artifact path", (r) => r.logText("x", "/etc/passwd"), "INVALID_ARTIFACT_PATH", /relative/],
    ["a missing artifact file", (r) => r.logArtifact("/no/such/file.png"), "ARTIFACT_NOT_FOUND", /no such file/],
  ];
  for (const [what, call, code, message] of cases) {
    test(`${what} is rejected with ${code}, naming the run`, async () => {
      const store = tempStore();
      const run = store.experiment("v").startRun();
      run.logParam("kept", 1);
      const before = filesOf(store.root).map((f) => [f, readFileSync(join(store.root, f), "utf8")]);
      assert.throws(() => call(run), (error: unknown) => {
        assert.ok(error instanceof RuntreeError);
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.match(error.message, new RegExp(run.id));
        assert.equal(error.context.run, run.id);
        assert.ok(error.context.expected, "the error says what was expected");
        return true;
      });
      const afterFiles = filesOf(store.root).map((f) => [f, readFileSync(join(store.root, f), "utf8")]);
      assert.deepEqual(afterFiles, before);
      await run.end();
    });
  }

  test("a batch with one bad key writes none of its keys", async () => {
    const store = tempStore();
    const run = store.experiment("v").startRun();
    assert.throws(() => run.logMetrics({ good: 1, "bad key!": 2 }), { code: "INVALID_KEY" });
    assert.throws(() => run.logParams({ good: 1, "bad key!": 2 }), { code: "INVALID_KEY" });
    await run.end();
    const record = await store.getRun(run.id);
    assert.deepEqual([{ ...record.params }, { ...record.metrics }], [{}, {}]);
    assert.equal(existsSync(join(run.dir, "metrics.jsonl")), false);
  });

  test("changing a logged param is an error naming the run, the key, the old and the new value; the same value is a no-op", async () => {
    const run = tempStore().experiment("v").startRun();
    run.logParam("lr", 0.1);
    run.logParam("lr", 0.1);
    assert.throws(() => run.logParam("lr", 0.2), (error: unknown) => {
      assert.ok(error instanceof RuntreeError && error.code === "PARAM_CHANGED");
      assert.match(error.message, new RegExp(`Run ${run.id}: param "lr" is already 0.1; .* cannot change it to 0.2`));
      return true;
    });
    await run.end();
  });

  test("logging to an ended run is an error naming the run and the key", async () => {
    const run = tempStore().experiment("v").startRun();
    await run.end();
    await run.end(); // ending twice is harmless
    assert.throws(() => run.logMetric("m", 1), (error: unknown) => {
      assert.ok(error instanceof RuntreeError && error.code === "RUN_ENDED");
      assert.deepEqual([error.context.run, error.context.key, error.context.found], [run.id, "m", "FINISHED"]);
      assert.match(error.message, /has ended \(FINISHED\); cannot log "m"/);
      return true;
    });
    assert.throws(() => run.setTag("t", "v"), { code: "RUN_ENDED" });
    assert.throws(() => run.startChild(), { code: "RUN_ENDED" });
  });

  test("an unknown parent id, a malformed one, and a parent in another experiment are rejected", async () => {
    const store = tempStore();
    const a = store.experiment("a");
    const b = store.experiment("b");
    const parent = a.startRun();
    assert.throws(() => b.startRun({ parent: "0".repeat(32) }), { code: "UNKNOWN_PARENT" });
    assert.throws(() => b.startRun({ parent: "not-an-id" }), { code: "UNKNOWN_PARENT" });
    assert.throws(() => b.startRun({ parent: parent.id }), { code: "PARENT_IN_OTHER_EXPERIMENT" });
    assert.throws(() => b.startRun({ parent }), { code: "PARENT_IN_OTHER_EXPERIMENT" });
    const child = a.startRun({ parent: parent.id });
    assert.equal(child.parentId, parent.id);
    await child.end();
    await parent.end();
    assert.equal(readdirSync(b.path).length, 1, "nothing but experiment.json was written for the rejected runs");
  });

  test("invalid experiment names and objectives are rejected", () => {
    const store = tempStore();
    assert.throws(() => store.experiment(""), { code: "INVALID_NAME" });
    assert.throws(() => store.experiment("a\nb"), { code: "INVALID_NAME" });
    assert.throws(() => store.experiment("e").startRun({ objective: { metric: "m", goal: "best" as never } }), { code: "INVALID_ARGUMENT" });
  });
});

describe("the rest of the API", () => {
  test("logArtifact copies a file (default name or a given path) and a whole folder", async () => {
    const store = tempStore();
    const src = mkdtempSync(join(tmpdir(), "runtree-src-"));
    temps.push(src);
    writeFileSync(join(src, "loss.png"), "png-bytes");
    cpSync(join(src, "loss.png"), join(src, "plots", "a.png"), { recursive: true });
    writeFileSync(join(src, "plots", "b.txt"), "b");
    const run = store.experiment("artifacts").startRun();
    run.logArtifact(join(src, "loss.png"));
    run.logArtifact(join(src, "loss.png"), "figures/epoch-1.png");
    run.logArtifact(join(src, "plots"));
    await run.end();
    assert.deepEqual(await store.artifacts(run.id), ["figures/epoch-1.png", "loss.png", "plots/a.png", "plots/b.txt"]);
    assert.equal(readFileSync(join(run.dir, "artifacts", "figures", "epoch-1.png"), "utf8"), "png-bytes");
  });

  test("flush() writes the metric summary into run.json while the run goes on", async () => {
    const store = tempStore();
    const run = store.experiment("flush").startRun();
    run.logMetric("loss", 0.5);
    const before = JSON.parse(readFileSync(join(run.dir, "run.json"), "utf8")) as { metrics: object };
    assert.deepEqual(before.metrics, {});
    await run.flush();
    const after = JSON.parse(readFileSync(join(run.dir, "run.json"), "utf8")) as { status: string; metrics: Record<string, { last: number }> };
    assert.deepEqual([after.status, after.metrics["loss"]?.last], ["RUNNING", 0.5]);
    await run.end();
  });

  test("end() records FAILED and KILLED, and setTags sets several tags at once", async () => {
    const store = tempStore();
    const exp = store.experiment("statuses");
    const failed = exp.startRun();
    const killed = exp.startRun();
    killed.setTags({ a: "1", b: "2" });
    killed.setTag("a", "3");
    await failed.end("FAILED");
    await killed.end("KILLED");
    assert.equal((await store.getRun(failed.id)).status, "FAILED");
    const record = await store.getRun(killed.id);
    assert.deepEqual([record.status, { ...record.tags }], ["KILLED", { a: "3", b: "2" }]);
    const third = exp.startRun();
    await assert.rejects(third.end("DONE" as never), { code: "INVALID_ARGUMENT" });
    assert.equal(third.status, "RUNNING", "a refused end leaves the run open");
    await third.end();
  });

  test("experiments() lists each experiment with run counts, statuses and last activity", async () => {
    const store = tempStore();
    await store.experiment("b").run({}, (run) => run.child({}, () => undefined));
    const open = store.experiment("a").startRun();
    const list = await store.experiments();
    assert.deepEqual(
      list.map((e) => [e.name, e.runCount, e.topLevelRunCount, e.statusCounts]),
      [
        ["a", 1, 1, { RUNNING: 1 }],
        ["b", 2, 1, { FINISHED: 2 }],
      ],
    );
    assert.ok(list.every((e) => typeof e.lastActivity === "number"));
    await open.end();
  });

  test("openStore() defaults to $RUNTREE_DIR, then ./mlruns", () => {
    const saved = process.env["RUNTREE_DIR"];
    try {
      process.env["RUNTREE_DIR"] = "/tmp/somewhere-else";
      assert.equal(openStore().root, "/tmp/somewhere-else");
      process.env["RUNTREE_DIR"] = "";
      assert.equal(openStore().root, join(process.cwd(), "mlruns"));
      delete process.env["RUNTREE_DIR"];
      assert.equal(openStore().root, join(process.cwd(), "mlruns"));
    } finally {
      if (saved === undefined) delete process.env["RUNTREE_DIR"];
      else process.env["RUNTREE_DIR"] = saved;
    }
  });

  test("searchRuns through the store scopes, filters, orders and limits", async () => {
    const store = tempStore();
    for (const [exp, lr] of [["a", 0.1], ["a", 0.01], ["a", 0.001], ["b", 0.05]] as const) {
      await store.experiment(exp).run({ params: { lr } }, (run) => run.logMetric("loss", lr * 10));
    }
    const found = await store.searchRuns({ experiment: "a", filter: "params.lr < 0.05", orderBy: ["metrics.loss DESC"], maxResults: 1 });
    assert.deepEqual(found.map((r) => r.params["lr"]), [0.01]);
    assert.equal((await store.searchRuns({ experiment: ["a", "b"] })).length, 4);
  });
});

describe("hostile and unusual input", () => {
  test("keys named like built-in object properties are ordinary keys", async () => {
    const store = tempStore();
    const keys = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];
    // A literal { __proto__: 7 } would set the prototype; JSON.parse makes it a real key, as user data would.
    const run = store.experiment("proto").startRun({ params: JSON.parse('{"__proto__": 7}') as Record<string, number> });
    for (const [i, key] of keys.entries()) {
      if (key !== "__proto__") run.logParam(key, i);
      run.setTag(key, `t${i}`);
      run.logMetric(key, i, { step: 1 });
    }
    await run.end();
    const record = await store.getRun(run.id);
    assert.equal(record.status, "FINISHED");
    for (const [i, key] of keys.entries()) {
      assert.ok(Object.hasOwn(record.params, key), `param ${key}`);
      assert.equal(record.params[key], key === "__proto__" ? 7 : i);
      assert.equal(record.tags[key], `t${i}`);
      assert.equal(record.metrics[key], i);
    }
    assert.throws(() => run.logParam("constructor", 99), { code: "RUN_ENDED" });
    const again = store.experiment("proto").startRun();
    again.logParam("constructor", 1);
    assert.throws(() => again.logParam("constructor", 2), { code: "PARAM_CHANGED" });
    await again.end();
  });

  test("logJson writes what JSON.stringify would for dates and URLs, with sorted keys", async () => {
    const store = tempStore();
    const run = store.experiment("json").startRun();
    run.logJson({ when: new Date(0), b: 1, url: new URL("https://example.org/x") }, "cfg.json");
    await run.end();
    assert.equal(
      readFileSync(join(run.dir, "artifacts/cfg.json"), "utf8"),
      '{\n  "b": 1,\n  "url": "https://example.org/x",\n  "when": "1970-01-01T00:00:00.000Z"\n}\n',
    );
  });

  test("invalid experiment tags are rejected before anything is written", () => {
    const store = tempStore();
    assert.throws(() => store.experiment("e", { tags: { "bad key!": "x" } }), { code: "INVALID_ARGUMENT" });
    assert.equal(existsSync(join(store.root, "e")), false);
  });

  test("searching an experiment that does not exist is an error, not an empty list", async () => {
    const store = tempStore();
    await store.experiment("sweep").startRun().end();
    await assert.rejects(store.searchRuns({ experiment: "Sweep" }), { code: "EXPERIMENT_NOT_FOUND" });
  });

  test("a parent run from another store is rejected", async () => {
    const a = tempStore().experiment("same");
    const b = tempStore().experiment("same");
    const parent = a.startRun();
    assert.throws(() => b.startRun({ parent }), { code: "UNKNOWN_PARENT" });
    await parent.end();
  });
});

describe("reading a damaged store", () => {
  test("corrupt, truncated and misplaced files are reported and skipped; the rest is read", async () => {
    const store = tempStore();
    const exp = store.experiment("e");
    const good = exp.startRun({ name: "good" });
    good.logMetric("loss", 1);
    await good.end();
    const broken = exp.startRun({ name: "broken" });
    await broken.end();
    writeFileSync(join(broken.dir, "run.json"), '{"format": 1, "id": ');
    const invalid = exp.startRun({ name: "invalid" });
    await invalid.end();
    const text = JSON.parse(readFileSync(join(invalid.dir, "run.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(invalid.dir, "run.json"), JSON.stringify({ ...text, status: "DONE" }));
    // A copy of the good run in another experiment's folder (a bad merge) must not pass for it.
    const other = store.experiment("other");
    const copyDir = join(other.path, good.id);
    cpSync(good.dir, copyDir, { recursive: true });
    // A stray temp file of an interrupted atomic write never counts as data.
    writeFileSync(join(good.dir, `.run.json.${process.pid}.7.tmp`), "garbage");
    writeFileSync(join(good.dir, `.metrics.jsonl.${process.pid}.8.tmp`), "garbage");

    const snapshot = await readStore(store.root);
    assert.deepEqual(snapshot.runs.map((r) => r.name), ["good"]);
    assert.deepEqual(
      snapshot.problems.map((p) => [p.file, p.code]),
      [
        [`e/${broken.id}/run.json`, "CORRUPT_FILE"],
        [`e/${invalid.id}/run.json`, "SCHEMA_VIOLATION"],
        [`other/${good.id}/run.json`, "MISPLACED_RUN"],
      ],
    );
    assert.match(snapshot.problems[1]!.message, /\/status: must be one of \["RUNNING","FINISHED","FAILED","KILLED"\]/);
  });

  test("runtree check validates child links: a malformed, misnamed or stale link is a problem, a temp file is not", async () => {
    const store = tempStore();
    const exp = store.experiment("e");
    const parent = exp.startRun({ name: "parent" });
    const kept = parent.startChild({ name: "kept" });
    const gone = parent.startChild({ name: "gone" });
    const stranger = exp.startRun({ name: "stranger" });
    for (const run of [kept, gone, stranger, parent]) await run.end();
    assert.deepEqual((await checkStore(store.root)).problems, []);

    const links = join(parent.dir, "children");
    rmSync(gone.dir, { recursive: true }); // a child deleted by hand, its link left behind
    writeFileSync(join(links, `${stranger.id}.json`), JSON.stringify({ format: 1, id: stranger.id }));
    const misnamed = "a".repeat(32);
    writeFileSync(join(links, `${misnamed}.json`), JSON.stringify({ format: 1, id: kept.id }));
    const invalid = "b".repeat(32);
    writeFileSync(join(links, `${invalid}.json`), JSON.stringify({ format: 1, id: invalid, note: "x" }));
    writeFileSync(join(links, "notes.txt"), "hello");
    writeFileSync(join(links, `.${kept.id}.json.${process.pid}.3.tmp`), "torn");

    const problems = (await checkStore(store.root)).problems.map((p) => [p.file, p.code]);
    const at = (name: string) => `e/${parent.id}/children/${name}`;
    assert.deepEqual(
      problems,
      [
        [at(`${misnamed}.json`), "MISPLACED_CHILD_LINK"],
        [at(`${invalid}.json`), "SCHEMA_VIOLATION"],
        [at(`${gone.id}.json`), "STALE_CHILD_LINK"],
        [at(`${stranger.id}.json`), "STALE_CHILD_LINK"],
        [at("notes.txt"), "UNEXPECTED_FILE"],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    // The reader never needs the links: the store still reads without a problem.
    assert.deepEqual((await readStore(store.root)).problems, []);
  });

  test("a run folder renamed to another id is reported and skipped", async () => {
    const store = tempStore();
    const run = store.experiment("e").startRun({ name: "moved" });
    await run.end();
    const other = "f".repeat(32);
    cpSync(run.dir, join(store.root, "e", other), { recursive: true });
    rmSync(run.dir, { recursive: true });
    const snapshot = await readStore(store.root);
    assert.deepEqual(snapshot.runs, []);
    assert.deepEqual(snapshot.problems.map((p) => [p.file, p.code]), [[`e/${other}/run.json`, "MISPLACED_RUN"]]);
    assert.match(snapshot.problems[0]!.message, new RegExp(`run id inside is ${run.id} but the directory is ${other}`));
  });

  test("a RUNNING run is abandoned only when its owner on this host is gone or its pid was reused", async () => {
    const store = tempStore();
    const exp = store.experiment("owners");
    const cases = {
      alive: { host: hostname(), pid: process.pid },
      otherHost: { host: "some-other-machine", pid: 999_999_999 },
      deadPid: { host: hostname(), pid: 999_999_999 },
      reusedPid: { host: hostname(), pid: process.pid, processStart: "1" },
    };
    const ids: Record<string, string> = {};
    for (const [name, owner] of Object.entries(cases)) {
      const run = exp.startRun({ name });
      ids[name] = run.id;
      await run.end();
      const file = JSON.parse(readFileSync(join(run.dir, "run.json"), "utf8")) as Record<string, unknown>;
      writeFileSync(join(run.dir, "run.json"), JSON.stringify({ ...file, status: "RUNNING", endTime: null, owner }));
    }
    const abandoned = Object.fromEntries((await readStore(store.root)).runs.map((r) => [r.name, [r.status, r.abandoned]]));
    assert.deepEqual(abandoned, {
      alive: ["RUNNING", false],
      otherHost: ["RUNNING", false],
      deadPid: ["RUNNING", true],
      reusedPid: ["RUNNING", true],
    });
  });

  test("getRun goes to the run's folder, ignores a misplaced copy, and never returns a misplaced run", async () => {
    const store = tempStore();
    const run = store.experiment("home").startRun({ name: "original" });
    await run.end();
    const away = store.experiment("away");
    cpSync(run.dir, join(away.path, run.id), { recursive: true });
    assert.equal((await store.getRun(run.id)).experiment, "home");
    rmSync(run.dir, { recursive: true });
    await assert.rejects(store.getRun(run.id), { code: "RUN_NOT_FOUND" });
    await assert.rejects(store.getRun("not-an-id"), { code: "RUN_NOT_FOUND" });
  });

  test("a missing store is an error with code STORE_NOT_FOUND", async () => {
    await assert.rejects(readStore("/no/such/store"), { code: "STORE_NOT_FOUND" });
  });
});
