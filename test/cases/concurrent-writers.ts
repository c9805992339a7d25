/**
 * Many processes writing one store at once, as scenarios sized by the caller: `npm test` runs them small,
 * `npm run stress` at the figures. Each returns nothing and asserts as it goes; the workers are
 * real processes (`test/workers/concurrency.ts`), released together so they really race.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { experimentDir, openStore, readStore } from "../../src/index.js";
import { checkStore } from "../../src/load/check-store.js";
import { isExperimentFile } from "../../src/format/schema.js";
import { startWorker, type WorkerProcess } from "../workers/worker-process.js";

/** Starts the workers, waits until every one is loaded, then releases them together so they really race. */
export async function race(workers: readonly WorkerProcess[], go = "go"): Promise<void> {
  await Promise.all(workers.map((worker) => worker.waitForLine((line) => line === "ready")));
  for (const worker of workers) worker.send(go);
}

export async function succeed(worker: WorkerProcess): Promise<readonly string[]> {
  const exit = await worker.exited;
  assert.equal(exit.code, 0, exit.stderr);
  assert.ok(exit.lines.includes("done"));
  return exit.lines;
}

/** Paths (relative to the store) of everything whose name marks a temp file or folder. */
export function leftovers(root: string, dir = ""): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    const known =
      ["experiment.json", "run.json", "metrics.jsonl", "children"].includes(name) || /^[0-9a-f]{32}$/.test(name) || /^[0-9a-f]{32}\.json$/.test(name);
    const here = known || (dir === "" && !name.startsWith(".")) ? [] : [path];
    return statSync(join(root, path)).isDirectory() ? [...here, ...leftovers(root, path)] : here;
  });
}

export interface ChildrenRace {
  readonly storePath: string;
  readonly writers: number;
  readonly childrenEach: number;
  readonly steps: number;
}

/**
 * `writers` processes and one more start at once and all get or create the same new experiment by name;
 * the extra one creates a parent (objective loss/min) and holds it open; each writer then adds
 * `childrenEach` children to that parent, with params and `steps` points each. Afterwards: every child
 * under the parent, none twice, every file valid, one experiment folder, no temp file, and the parent,
 * ended last, names the lowest child.
 */
export async function raceChildrenOfOneParent({ storePath, writers, childrenEach, steps }: ChildrenRace): Promise<void> {
  const name = "Shared Sweep / ünïcode";
  const parent = startWorker("concurrency.ts", ["parent", storePath, name, "hold", "loss"]);
  const procs = Array.from({ length: writers }, (_, w) =>
    startWorker("concurrency.ts", ["children", storePath, name, String(w), String(childrenEach), String(steps)]),
  );
  await race([parent, ...procs]);
  const parentId = (await parent.waitForLine((line) => line.startsWith("parent "))).split(" ")[1] ?? "";
  await Promise.all(procs.map((proc) => proc.waitForLine((line) => line === "experiment")));
  for (const proc of procs) proc.send(`parent ${parentId}`);
  const outputs = await Promise.all(procs.map(succeed));
  parent.send("end");
  await succeed(parent);

  const children = outputs.flat().flatMap((line) => {
    const [word, id = "", last = ""] = line.split(" ");
    return word === "child" ? [{ id, last: Number(last) }] : [];
  });
  assert.equal(children.length, writers * childrenEach);
  const snapshot = await readStore(storePath);
  assert.deepEqual(snapshot.problems, []);
  assert.equal(snapshot.runs.length, 1 + children.length, "every child is there, none twice");
  const byId = new Map(snapshot.runs.map((run) => [run.id, run]));
  for (const child of children) {
    const run = byId.get(child.id);
    assert.equal(run?.parentId, parentId, `child ${child.id} is under the parent`);
    assert.equal(run.status, "FINISHED");
    assert.equal(run.metrics["loss"], child.last);
    assert.equal(run.metricSummaries["loss"]?.count, steps);
    assert.equal(typeof run.params["worker"], "number");
  }
  assert.equal(new Set(snapshot.runs.map((run) => run.name)).size, snapshot.runs.length, "each child's name once");

  const best = children.reduce((a, b) => (b.last < a.last ? b : a));
  const record = byId.get(parentId);
  assert.equal(record?.bestChild?.id, best.id, "the parent, ended last, names the lowest of every writer's children");
  assert.equal(record.bestChild.value, best.last);

  assert.deepEqual(readdirSync(storePath), [experimentDir(name)], "one folder for the experiment, no half-made one");
  const experimentFile: unknown = JSON.parse(readFileSync(join(storePath, experimentDir(name), "experiment.json"), "utf8"));
  assert.ok(isExperimentFile(experimentFile) && experimentFile.name === name);
  assert.equal(readdirSync(join(storePath, experimentDir(name), parentId, "children")).length, children.length, "one link per child");
  assert.deepEqual(leftovers(storePath), [], "no temp files left behind");
  const check = await checkStore(storePath);
  assert.deepEqual(check.problems, []);
  assert.equal(check.metricPoints, children.length * steps);
}

/**
 * `processes` processes each get or create `each` experiments at once, in different orders; half of each
 * one's names are shared by all, half are its own. Every name ends with exactly one valid folder.
 */
export async function raceExperiments({ storePath, processes, each }: { storePath: string; processes: number; each: number }): Promise<void> {
  const shared = Array.from({ length: each / 2 }, (_, i) => (i % 2 === 0 ? `shared-${i}` : `Shared Experiment ${i} <b>`));
  const namesOf = (p: number) => [...shared, ...Array.from({ length: each / 2 }, (_, i) => `Own ${p}.${i} / ünïcode`)];
  const procs = Array.from({ length: processes }, (_, p) =>
    startWorker("concurrency.ts", ["experiments", storePath, p % 2 === 0 ? "forward" : "reversed", ...namesOf(p)]),
  );
  await race(procs);
  await Promise.all(procs.map(succeed));
  const all = [...new Set(Array.from({ length: processes }, (_, p) => namesOf(p)).flat())];
  assert.equal(all.length, shared.length + (processes * each) / 2);
  assert.deepEqual(readdirSync(storePath).sort(), all.map(experimentDir).sort(), "exactly one folder per experiment, no temp folders");
  const snapshot = await readStore(storePath);
  assert.deepEqual(snapshot.problems, []);
  assert.deepEqual(snapshot.experiments.map((e) => e.name), [...all].sort());
  // Each experiment works afterwards: a run can be written into any of them.
  const store = openStore(storePath, { captureSource: false });
  for (const name of [shared[0]!, all.at(-1)!]) await store.experiment(name).run({ name: "after the race" }, () => undefined);
  assert.deepEqual((await checkStore(storePath)).problems, []);
}
