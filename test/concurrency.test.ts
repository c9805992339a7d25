import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, test } from "node:test";
import { experimentDir, openStore, readStore } from "../src/index.js";
import { checkStore } from "../src/load/check-store.js";
import { isExperimentFile } from "../src/format/schema.js";
import { startWorker } from "./workers/worker-process.js";
import { leftovers, race, raceChildrenOfOneParent, raceExperiments, succeed } from "./cases/concurrent-writers.js";
import { tempStores } from "./workers/temp-stores.js";

// Time bounds, not measurements: generous, because a loaded 2-core machine starts each worker in seconds.
const tempStorePath = tempStores("runtree-concurrency-");

test("six processes writing runs, and children of shared parents, into one new experiment lose and corrupt nothing", { timeout: 300_000 }, async () => {
  const storePath = tempStorePath();
  const name = "Concurrent Sweep #1";
  const [workers, children, runsEach] = [6, 5, 20];

  const parentA = startWorker("concurrency.ts", ["parent", storePath, name, "end"]);
  const parentB = startWorker("concurrency.ts", ["parent", storePath, name, "hold"]);
  const procs = Array.from({ length: workers }, (_, w) => startWorker("concurrency.ts", ["runs", storePath, name, String(w), String(runsEach), String(children)]));
  // Parent A's process has ended before any child exists; parent B stays open in a live process.
  await race([parentA, parentB]);
  const idA = (await parentA.waitForLine((line) => line.startsWith("parent "))).split(" ")[1] ?? "";
  const idB = (await parentB.waitForLine((line) => line.startsWith("parent "))).split(" ")[1] ?? "";
  await succeed(parentA);
  await race(procs, `go ${idA} ${idB}`);
  const outputs = await Promise.all(procs.map(succeed));
  parentB.send("end");
  await succeed(parentB);

  const tops = outputs.flat().filter((line) => line.startsWith("top ")).map((line) => line.split(" ")[1]);
  const kids = outputs
    .flat()
    .filter((line) => line.startsWith("child "))
    .map((line) => {
      const [, parent = "", id = "", value = ""] = line.split(" ");
      return { parent, id, value: Number(value) };
    });
  assert.equal(tops.length, workers * runsEach);
  assert.equal(kids.length, workers * children * 2);

  const snapshot = await readStore(storePath);
  assert.deepEqual(snapshot.problems, []);
  const byId = new Map(snapshot.runs.map((run) => [run.id, run]));
  assert.equal(byId.size, 2 + tops.length + kids.length, "every run is there, none twice");
  for (const id of tops) assert.equal(byId.get(id ?? "")?.parentId, null);
  for (const kid of kids) {
    const run = byId.get(kid.id);
    assert.equal(run?.parentId, kid.parent, `child ${kid.id} links to its parent`);
    assert.equal(run.status, "FINISHED");
    assert.equal(run.metrics["metric1"], kid.value);
  }
  for (const run of snapshot.runs) assert.equal(run.experiment, name);

  // Parent B ended after every child from the other processes: it names the lowest latest metric1.
  const best = kids.filter((kid) => kid.parent === idB).reduce((a, b) => (b.value < a.value ? b : a));
  const recordB = byId.get(idB);
  assert.equal(recordB?.bestChild?.id, best.id);
  assert.equal(recordB.bestChild.value, best.value);
  assert.equal(recordB.bestChild.metric, "metric1");
  assert.deepEqual(recordB.bestChild.params, byId.get(best.id)?.params);

  assert.deepEqual(readdirSync(storePath), [experimentDir(name)], "one folder for the experiment, no temp folders");
  assert.deepEqual(leftovers(storePath), [], "no temp files left behind");
  const check = await checkStore(storePath);
  assert.deepEqual(check.problems, []);
  assert.equal(check.runs, byId.size);
});

test("a parent ending in one process counts the children other processes started by its id, one of them still running there", { timeout: 300_000 }, async () => {
  const storePath = tempStorePath();
  const name = "Remote Sweep";
  const experiment = openStore(storePath, { captureSource: false }).experiment(name);
  // Unrelated runs around the sweep: the parent must pick among its own children only.
  for (let i = 0; i < 5; i++) {
    const stranger = experiment.startRun({ name: `stranger-${i}` });
    stranger.logMetric("metric1", -100 - i);
    await stranger.end();
  }
  const parent = experiment.startRun({ name: "sweep", objective: { metric: "metric1", goal: "min" } });
  const ended = startWorker("concurrency.ts", ["runs", storePath, name, "1", "0", "3"]);
  const open = startWorker("concurrency.ts", ["open-child", storePath, name, "-7.5"]);
  await race([ended, open], `go ${parent.id} ${parent.id}`);
  const openLine = await open.waitForLine((line) => line.startsWith("child "));
  const lines = await succeed(ended);
  assert.equal(lines.filter((line) => line.startsWith(`child ${parent.id} `)).length, 6);

  await parent.end();
  const record = await openStore(storePath).getRun(parent.id);
  const [, , openId = ""] = openLine.split(" ");
  assert.equal(record.bestChild?.id, openId, "the running child's logged value counts, replayed from its history");
  assert.equal(record.bestChild.value, -7.5);
  open.send("end");
  await succeed(open);
  assert.deepEqual((await checkStore(storePath)).problems, []);
});

test("eight processes racing to create the same fifty experiments each get one valid folder, and none throws", { timeout: 300_000 }, async () => {
  const storePath = tempStorePath();
  const names = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `race-${i}` : `Race Experiment ${i} / ünïcode`));
  const procs = Array.from({ length: 8 }, (_, p) => startWorker("concurrency.ts", ["experiments", storePath, p % 2 === 0 ? "forward" : "reversed", ...names]));
  await race(procs);

  // Meanwhile, read as a reader would: a folder that is visible must already hold its experiment.json.
  let exited = false;
  const all = Promise.all(procs.map(succeed)).finally(() => (exited = true));
  all.catch(() => undefined); // if the scan below fails first, the workers' failure is not reported twice
  let scans = 0;
  while (!exited) {
    if (existsSync(storePath)) {
      for (const dir of readdirSync(storePath).filter((entry) => !entry.startsWith("."))) {
        const file: unknown = JSON.parse(readFileSync(join(storePath, dir, "experiment.json"), "utf8"));
        assert.ok(isExperimentFile(file), `${dir}/experiment.json is complete when its folder appears`);
      }
      scans++;
    }
    await sleep(1); // leave the CPU to the racing processes
  }
  await all;
  assert.ok(scans > 0);

  assert.deepEqual(readdirSync(storePath).sort(), names.map(experimentDir).sort(), "exactly one folder per experiment, no temp folders");
  for (const name of names) {
    const file: unknown = JSON.parse(readFileSync(join(storePath, experimentDir(name), "experiment.json"), "utf8"));
    assert.ok(isExperimentFile(file));
    assert.equal(file.name, name);
    assert.deepEqual(readdirSync(join(storePath, experimentDir(name))), ["experiment.json"]);
  }
  const snapshot = await readStore(storePath);
  assert.deepEqual(snapshot.problems, []);
  assert.deepEqual(snapshot.experiments.map((e) => e.name), [...names].sort());
});

// The figures (8 × 250 children, 4 × 50 experiments) run in `npm run stress`; these are the same races, smaller.
test("eight processes create one experiment at once and add children to one parent another process holds: each child once, under it, valid", { timeout: 300_000 }, async () => {
  await raceChildrenOfOneParent({ storePath: tempStorePath(), writers: 8, childrenEach: 15, steps: 20 });
});

test("four processes creating twenty experiments each at once, half the names shared, end with one valid folder per name", { timeout: 300_000 }, async () => {
  await raceExperiments({ storePath: tempStorePath(), processes: 4, each: 20 });
});
