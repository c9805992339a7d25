/**
 * A big MLflow experiment read on several threads (mlflow/read-pool.ts) gives what one thread gives: the
 * same runs in the same order, the same problems, dictionaries without a prototype, the same kept
 * histories; and a worker that cannot run leaves its share to the main thread.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { after, before, describe, test } from "node:test";
import { historyShelf, readMlflowStore } from "../src/index.ts";
import { readRunsHere, runReadPool } from "../src/mlflow/read-pool.ts";
import { fsSource } from "../src/source/fs-source.ts";
import { makeMlflowStore } from "../scripts/make-mlflow-store.ts";
import { removeAll, tempDir } from "./mlflow-fixture.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

/** 1,050 runs in one experiment (a shared read starts at 1,000), some with hostile keys and bad files. */
let root = "";
let experimentId = "";
let runIds: string[] = [];

before(() => {
  root = join(tempDir(cleanup), "mlruns");
  makeMlflowStore(root, { parents: 210, children: 4, steps: 5 });
  experimentId = readdirSync(root).find((name) => name !== "0" && !name.startsWith("."))!;
  runIds = readdirSync(join(root, experimentId)).filter((name) => /^[0-9a-f]{32}$/.test(name)).sort();
  assert.equal(runIds.length, 1050);
  // Spread over the experiment, so that whichever thread reads a chunk meets some of them.
  for (const [n, id] of runIds.entries()) {
    if (n % 97 !== 0) continue;
    const run = join(root, experimentId, id);
    writeFileSync(join(run, "params", "constructor"), "hostile");
    writeFileSync(join(run, "params", "__proto__"), "polluted");
    mkdirSync(join(run, "metrics"), { recursive: true });
    appendFileSync(join(run, "metrics", "odd"), "1 0.5 0\nnot a point\n2 nan 1\n");
    symlinkSync("/etc/hostname", join(run, "tags", "linked"));
  }
});

describe("an MLflow experiment read on several threads", () => {
  test("gives the runs, problems and kept histories one thread gives, dictionaries without a prototype", async () => {
    const alone = historyShelf();
    const shared = historyShelf();
    const one = await readMlflowStore(root, { histories: alone });
    const three = await readMlflowStore(root, { histories: shared, workers: 2 });
    assert.equal(one.runs.length, 1050);
    assert.ok(one.problems.length >= 2 * 11, "the bad lines and the links are reported");
    // Strict: prototypes count, so a dictionary the clone gave Object.prototype back would differ.
    assert.deepEqual(three, one);
    const hostile = three.runs.filter((run) => Object.hasOwn(run.params, "constructor"));
    assert.equal(hostile.length, 11);
    for (const run of hostile) {
      assert.equal(Object.getPrototypeOf(run.params), null);
      assert.equal(run.params["__proto__"], "polluted");
    }
    for (const run of one.runs) assert.deepEqual(shared.take(run.dir), alone.take(run.dir), run.id);
  });

  test("a worker that cannot run leaves its chunks to the main thread: nothing is lost", async () => {
    const source = fsSource(root);
    const place = { path: experimentId, id: experimentId, name: "sweeps-1", deleted: false };
    const expected = await readRunsHere(source, place, runIds, historyShelf());
    const failing = () => new Worker("throw new Error('this worker cannot run')", { eval: true });
    const pool = runReadPool({ ...source, folder: root }, 2, failing);
    try {
      const shelf = historyShelf();
      const reads = await pool.read(place, runIds, shelf);
      assert.deepEqual(reads, expected);
      for (const read of reads) if (read.run) assert.ok(shelf.take(read.run.dir), `${read.run.id}: histories kept`);
    } finally {
      await pool.close();
    }
  });
});
