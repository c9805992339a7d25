import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, test } from "node:test";
import { makeStore, runCount, type MakeStoreOptions } from "../scripts/make-store.js";
import { readStore } from "../src/index.js";

const root = mkdtempSync(join(tmpdir(), "runtree-make-store-"));
after(() => rmSync(root, { recursive: true, force: true }));

const SMALL: MakeStoreOptions = { parents: 3, children: 2, grandchildren: 1, steps: 4, experiments: 2, seed: 7 };

/**
 * Every file of a store, keyed by its path, with each run id replaced by the run's creation order. The
 * library draws the tail of each run id at random (only its time prefix follows the injected clock), so
 * ids are the one part of the bytes a seed cannot pin; the time prefix keeps the creation order.
 */
function normalizedFiles(store: string): Map<string, string> {
  const experiments = readdirSync(store).sort();
  const ids = experiments.flatMap((dir) => readdirSync(join(store, dir)).filter((name) => /^[0-9a-f]{32}$/.test(name))).sort();
  const rename = (text: string) => ids.reduce((out, id, index) => out.replaceAll(id, `run-${String(index).padStart(4, "0")}`), text);
  const files = new Map<string, string>();
  for (const dir of experiments) {
    files.set(`${dir}/experiment.json`, readFileSync(join(store, dir, "experiment.json"), "utf8"));
    for (const id of readdirSync(join(store, dir)).filter((name) => ids.includes(name))) {
      for (const file of readdirSync(join(store, dir, id), { recursive: true, withFileTypes: true })) {
        if (!file.isFile()) continue;
        const path = join(file.parentPath, file.name);
        files.set(rename(relative(store, path)), rename(readFileSync(path, "utf8")));
      }
    }
  }
  return files;
}

test("makeStore writes parents × (1 + children × (1 + grandchildren)) runs, nested as asked, that the reader reads without a problem", async () => {
  const made = await makeStore(join(root, "shape"), SMALL);
  assert.equal(made.runs, 15);
  assert.equal(runCount(SMALL), 15);
  const snapshot = await readStore(made.root);
  assert.deepEqual(snapshot.problems, []);
  assert.equal(snapshot.runs.length, 15);
  assert.deepEqual(snapshot.experiments.map((e) => e.name).sort(), [...made.experiments].sort());
  assert.equal(made.experiments.length, 2);

  const childrenOf = (id: string | null) => snapshot.runs.filter((run) => run.parentId === id);
  const parents = childrenOf(null);
  assert.equal(parents.length, 3);
  for (const parent of parents) {
    assert.deepEqual(parent.objective, { metric: "val_loss", goal: "min" });
    assert.ok(parent.bestChild, `sweep ${parent.name} records its best trial`);
    const trials = childrenOf(parent.id);
    assert.equal(trials.length, 2);
    for (const trial of trials) {
      assert.equal(trial.experiment, parent.experiment);
      assert.deepEqual(Object.keys(trial.params).sort(), ["batch_size", "dropout", "lr", "optimizer"]);
      assert.equal(typeof trial.params["lr"], "number");
      assert.deepEqual(Object.keys(trial.metricSummaries).sort(), ["acc", "loss", "val_loss"]);
      assert.equal(trial.metricSummaries["loss"]?.count, 4);
      assert.equal(trial.metricSummaries["loss"]?.step, 3);
      assert.ok(trial.tags["converged"] === "true" || trial.tags["converged"] === "false");
      const folds = childrenOf(trial.id);
      assert.equal(folds.length, 1);
      assert.equal(folds[0]?.params["fold"], 0);
    }
  }
  assert.ok(snapshot.runs.every((run) => run.status === "FINISHED" || run.status === "FAILED"));
});

test("the same seed gives the same bytes in every file, once run ids (random tails) are replaced by creation order", async () => {
  const first = normalizedFiles((await makeStore(join(root, "first"), SMALL)).root);
  const second = normalizedFiles((await makeStore(join(root, "second"), SMALL)).root);
  assert.equal([...first.keys()].filter((path) => path.endsWith("/run.json")).length, 15);
  assert.deepEqual([...second.keys()].sort(), [...first.keys()].sort());
  for (const [path, text] of first) assert.equal(second.get(path), text, path);
});

test("a different seed gives different params and metrics", async () => {
  const seven = normalizedFiles((await makeStore(join(root, "seed-7"), SMALL)).root);
  const eight = normalizedFiles((await makeStore(join(root, "seed-8"), { ...SMALL, seed: 8 })).root);
  const runFiles = (files: Map<string, string>) => [...files].filter(([path]) => path.endsWith("/run.json")).map(([, text]) => text);
  assert.notDeepEqual(runFiles(eight), runFiles(seven));
});
