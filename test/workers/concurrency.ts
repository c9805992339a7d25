/**
 * One of many processes writing into one store at once. Each mode prints `ready`, waits for `go` on stdin
 * (so the test can release all processes together and make them race), then works:
 *
 * - `runs <store> <experiment> <worker> <count> <children>`, released by `go <parentA> <parentB>`: `count`
 *   top-level runs, then `children` children of each parent id; prints `top <id>` and
 *   `child <parent> <id> <metric1>`.
 * - `parent <store> <experiment> <hold> [metric]`: one parent run with the objective `metric1` (or `metric`)/min; prints
 *   `parent <id>`; with hold = "hold" it stays open until `end` arrives on stdin, else it ends at once.
 * - `experiments <store> <order> <name>...`: gets or creates each experiment, forwards or reversed.
 * - `open-child <store> <experiment> <value>`, released by `go <parent>`: starts one child of that parent,
 *   logs `metric1` = value, prints `child <parent> <id> <value>` and keeps the child RUNNING until `end`.
 * - `children <store> <experiment> <worker> <count> <steps>`: on `go` gets or creates the experiment (racing
 *   the others) and prints `experiment`; then on `parent <id>` adds `count` children to that parent, each
 *   with params and `steps` points of `loss`; prints `child <id> <last loss>` after each has ended.
 *
 * Every mode prints `done` at the end.
 */
import { stopReading, waitFor } from "./stdin-words.js";
import { openStore } from "../../src/index.js";

const [mode, storePath, ...rest] = process.argv.slice(2);
if (mode === undefined || storePath === undefined) throw new Error("usage: concurrency.ts <mode> <store> ...");
const store = openStore(storePath, { captureSource: false });
console.log("ready");
const released = await waitFor("go");

if (mode === "runs") {
  const [experimentName = "", worker = "", count = "0", children = "0"] = rest;
  const [parentA = "", parentB = ""] = released;
  const experiment = store.experiment(experimentName);
  const w = Number(worker);
  for (let i = 0; i < Number(count); i++) {
    const run = experiment.startRun({ name: `w${w}-top-${i}`, params: { worker: w, index: i } });
    for (let step = 0; step < 3; step++) run.logMetric("loss", w + i / 100 + step, { step });
    await run.end();
    console.log(`top ${run.id}`);
  }
  for (let j = 0; j < Number(children); j++) {
    for (const parent of [parentA, parentB]) {
      // Distinct values with the minimum in the middle of the sweep, not at its first or last child.
      const value = (((w * Number(children) + j) * 37 + 11) % 31) + 0.5;
      await experiment.run({ parent, name: `w${w}-child-${j}`, params: { worker: w, child: j } }, (child) => {
        // An earlier, lower point: the objective compares each child's latest value, not its minimum.
        child.logMetric("metric1", -1000, { step: 0 });
        child.logMetric("metric1", value, { step: 1 });
        console.log(`child ${parent} ${child.id} ${value}`);
      });
    }
  }
} else if (mode === "parent") {
  const [experimentName = "", hold = "", metric = "metric1"] = rest;
  const parent = store.experiment(experimentName).startRun({ name: `parent-${hold}`, objective: { metric, goal: "min" } });
  console.log(`parent ${parent.id}`);
  if (hold === "hold") await waitFor("end");
  await parent.end();
} else if (mode === "open-child") {
  const [experimentName = "", value = "0"] = rest;
  const [parent = ""] = released;
  const child = store.experiment(experimentName).startRun({ parent, name: "open-child" });
  child.logMetric("metric1", Number(value));
  console.log(`child ${parent} ${child.id} ${value}`);
  await waitFor("end");
  await child.end();
} else if (mode === "children") {
  const [experimentName = "", worker = "", count = "0", steps = "0"] = rest;
  const experiment = store.experiment(experimentName);
  console.log("experiment");
  const [parent = ""] = await waitFor("parent");
  const w = Number(worker);
  for (let i = 0; i < Number(count); i++) {
    // Distinct final values across workers, the lowest somewhere in the middle.
    const last = ((w * 7919 + i * 104_729) % 1_000_003) / 1000;
    const params = { worker: w, index: i, lr: 1 / (i + 1), opt: i % 2 === 0 ? "sgd" : "adam" };
    const id = await experiment.run({ parent, name: `w${w}-child-${i}`, params }, (child) => {
      for (let step = 0; step < Number(steps); step++) child.logMetric("loss", step === Number(steps) - 1 ? last : last + Number(steps) - step, { step });
      return child.id;
    });
    console.log(`child ${id} ${last}`);
  }
} else if (mode === "experiments") {
  const [order = "", ...names] = rest;
  for (const name of order === "reversed" ? names.reverse() : names) store.experiment(name);
} else {
  throw new Error(`unknown mode ${mode}`);
}
console.log("done");
stopReading();
