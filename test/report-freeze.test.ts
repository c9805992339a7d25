/**
 * Experiments a rebuild takes over whole: nothing in the folder changed since the last build, so none of
 * its runs is read again. Which experiments a build read shows in its read progress (runs read so far, after
 * each experiment read); every rebuild must still hold exactly what a clean build holds.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { buildReport, type BuildOptions, type BuildResult } from "../src/report/build.js";
import { MANIFEST_FILE, SHARD_DIR } from "../src/report/build-manifest.js";
import { age, fakeAssets, hashTree, removeTemps, tempDir, writeExperiment, type RunSpec } from "./report-fixtures.js";

after(removeTemps);

/** A sweep of `children` trials, numbered from `from` (the parent is `from`). */
function sweep(from: number, children: number, extra: Partial<RunSpec> = {}): RunSpec[] {
  const runs: RunSpec[] = [{ n: from, name: `sweep-${from}`, extra: { objective: { metric: "loss", goal: "min" } } }];
  for (let i = 1; i <= children; i++) runs.push({ n: from + i, parent: from, params: { lr: i / 10 }, metrics: { loss: [1, 1 / i] }, ...extra });
  return runs;
}

/** Builds into `out` and returns the result and how many runs it read (its last read progress). */
async function build(options: Omit<BuildOptions, "onProgress">): Promise<{ result: BuildResult; read: number }> {
  let read = 0;
  const result = await buildReport({ ...options, onProgress: (progress) => void (progress.phase === "read" && (read = progress.done ?? read)) });
  return { result, read };
}

/** Rebuilds into `out`, checks it against a clean build, and says how many runs it read. */
async function rebuild(options: Omit<BuildOptions, "onProgress">): Promise<{ result: BuildResult; read: number }> {
  const done = await build(options);
  const clean = await buildReport({ ...options, out: join(tempDir(), "clean") });
  assert.deepEqual(hashTree(options.out), hashTree(clean.out), "the rebuilt folder holds what a clean build does");
  assert.equal(done.result.files, clean.files);
  assert.equal(done.result.runs, clean.runs);
  assert.deepEqual(done.result.problems, clean.problems);
  return done;
}

function twoExperiments() {
  const root = join(tempDir(), "mlruns");
  writeExperiment(root, "alpha", sweep(1, 4));
  writeExperiment(root, "beta", sweep(100, 3));
  age(root);
  return { root, options: { store: root, out: join(tempDir(), "site"), assets: fakeAssets(tempDir()) } };
}

describe("experiments taken over whole", () => {
  test("with nothing changed no run is read, and a change reads the one experiment it is in", async () => {
    const { root, options } = twoExperiments();
    assert.equal((await build(options)).read, 9, "the first build reads every run");
    const same = await rebuild(options);
    assert.equal(same.read, 0, "nothing changed: no run is read");
    assert.equal(same.result.written, 0);
    assert.equal(same.result.reused, 2 + 9, "every experiment and run page is taken over");
    writeExperiment(root, "beta", [{ n: 104, parent: 100, params: { lr: 0.4 }, metrics: { loss: [1, 0.2] } }]);
    age(root);
    const added = await rebuild(options);
    assert.equal(added.read, 5, "only beta's runs are read");
    assert.ok(added.result.written > 0);
    assert.equal((await rebuild(options)).read, 0, "and the next rebuild takes both over again");
  });

  test("a run linked into another experiment's sweep makes the build read that experiment too", async () => {
    const { root, options } = twoExperiments();
    await build(options);
    await rebuild(options);
    // A hand-made link across experiments: beta's new run names one of alpha's as its parent.
    writeExperiment(root, "beta", [{ n: 105, parent: 1, metrics: { loss: [0.5] } }]);
    age(root);
    const linked = await rebuild(options);
    assert.equal(linked.read, 10, "both experiments are read");
    assert.equal((await rebuild(options)).read, 10, "and stay read while the link is there");
  });

  test("a running run, a problem and a filter are all kept as a clean build has them", async () => {
    const root = join(tempDir(), "mlruns");
    writeExperiment(root, "alpha", sweep(1, 2));
    writeExperiment(root, "gamma", [...sweep(200, 2), { n: 210, status: "RUNNING", metrics: { loss: [3, 2] } }]);
    mkdirSync(join(root, "alpha", "f".repeat(32)));
    writeFileSync(join(root, "alpha", "f".repeat(32), "run.json"), "{");
    age(root);
    for (const filter of [undefined, "params.lr > 0.15"]) {
      const options = { store: root, out: join(tempDir(), "site"), assets: fakeAssets(tempDir()), ...(filter && { filter }) };
      await build(options);
      const again = await rebuild(options);
      assert.equal(again.read, 4, "gamma (a running run) is read every time, alpha (ended, with a bad file) is taken over");
      assert.ok(again.result.problems.some((problem) => problem.file.startsWith("alpha/")), "alpha's problem is still reported");
    }
  });

  test("a damaged or missing shard costs a read, never a wrong report", async () => {
    const { options } = twoExperiments();
    await build(options);
    const shards = join(options.out, SHARD_DIR);
    const [first, second] = readdirSync(shards).sort();
    writeFileSync(join(shards, first!), readFileSync(join(shards, first!), "utf8").slice(0, 100));
    rmSync(join(shards, second!));
    await rebuild(options);
    assert.equal((await rebuild(options)).read, 0, "the rebuild after wrote whole shards again");
    assert.ok(readFileSync(join(options.out, MANIFEST_FILE), "utf8").length > 0);
  });

  test("an experiment's pages deleted from the report are made again", async () => {
    const { options } = twoExperiments();
    await build(options);
    rmSync(join(options.out, "experiments", "alpha"), { recursive: true });
    const again = await rebuild(options);
    assert.equal(again.read, 5, "alpha is read to make its pages");
    assert.equal(again.result.incremental, true);
  });
});
