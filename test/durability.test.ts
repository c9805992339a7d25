import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, type RunRecord } from "../src/index.js";
import { checkStore } from "../src/load/check-store.js";
import { startWorker, type Exit } from "./workers/worker-process.js";
import { killAtRandom } from "./cases/killed-writers.js";
import { tempStores } from "./workers/temp-stores.js";

const tempStorePath = tempStores("runtree-durability-");

async function runById(storePath: string, id: string): Promise<RunRecord> {
  return openStore(storePath).getRun(id);
}

/** The numbers `i` of the `ack <kind> <i>` lines the worker printed. */
function acked(exit: Exit, kind: string): number[] {
  return exit.lines.filter((line) => line.startsWith(`ack ${kind} `)).map((line) => Number(line.split(" ")[2]));
}

describe("a SIGKILL loses nothing a returned log call wrote", { concurrency: true, timeout: 300_000 }, () => {
  // Kill points: right after the run started, early, and deep into a stream of writes.
  for (const killAfter of [0, 7, 300]) {
    test(`killed after ${killAfter} acknowledged calls: every acknowledged point, param and tag reads back, and the run is abandoned`, async () => {
      const storePath = tempStorePath();
      const worker = startWorker("durability.ts", [storePath, "log-forever"]);
      let acks = 0;
      worker.onLine((line) => {
        if (line.startsWith("ack ") && ++acks === killAfter) worker.child.kill("SIGKILL");
      });
      const runLine = await worker.waitForLine((line) => line.startsWith("run "));
      if (killAfter === 0) worker.child.kill("SIGKILL");
      const exit = await worker.exited;
      assert.equal(exit.signal, "SIGKILL", exit.stderr);

      const id = runLine.split(" ")[1] ?? "";
      const run = await runById(storePath, id);
      assert.equal(run.status, "RUNNING");
      assert.equal(run.abandoned, true, "a hard-killed run is abandoned, not running forever");
      assert.equal(run.endTime, null);

      const metrics = acked(exit, "metric");
      const params = acked(exit, "param");
      const tags = acked(exit, "tag");
      assert.ok(metrics.length + params.length + tags.length >= killAfter);

      const history = await openStore(storePath).metricHistory(id, "loss");
      const steps = history.map((point) => point.step);
      for (const i of metrics) assert.ok(steps.includes(i), `acknowledged metric step ${i} is on disk`);
      for (const point of history) assert.equal(point.value, 1 / (point.step + 1));
      for (const i of params) assert.equal(run.params[`p${i}`], i, `acknowledged param p${i} is on disk`);
      const lastTag = tags.at(-1);
      if (lastTag !== undefined) assert.ok(Number(run.tags["last"]) >= lastTag, "the last acknowledged tag (or a later one) is on disk");

      // A kill between two writes must not tear a file either.
      assert.deepEqual((await checkStore(storePath)).problems, []);
    });
  }
});

describe("a writer SIGKILLed at a random moment loses no acknowledged point and leaves a readable store", { timeout: 300_000 }, () => {
  // Five here; `npm run stress` kills twenty. A sweep worker may die while starting or ending a child.
  for (const [i, mode] of (["sweep", "log-forever", "sweep", "sweep", "log-forever"] as const).entries()) {
    test(`kill ${i + 1} of 5 (${mode}): every reported call is on disk, open runs are abandoned, check finds no damage`, async () => {
      await killAtRandom({ storePath: tempStorePath(), mode });
    });
  }
});

describe("a process that ends without end() still closes its runs", { concurrency: true, timeout: 300_000 }, () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    test(`${signal} marks the open runs KILLED with an end time and their metrics flushed into run.json, and the process still dies by ${signal}`, async () => {
      const storePath = tempStorePath();
      const worker = startWorker("durability.ts", [storePath, "wait"]);
      const runLine = await worker.waitForLine((line) => line.startsWith("run "));
      await worker.waitForLine((line) => line === "ready");
      worker.child.kill(signal);
      const exit = await worker.exited;
      assert.equal(exit.signal, signal, `exit code ${exit.code}\n${exit.stderr}`);
      const [parentId = "", childId = ""] = runLine.split(" ").slice(1);
      for (const id of [parentId, childId]) {
        const run = await runById(storePath, id);
        assert.equal(run.status, "KILLED");
        assert.equal(typeof run.endTime, "number");
        assert.equal(run.abandoned, false);
      }
      // An ended run is read from run.json alone: its summary there is what the signal handler flushed.
      const file = JSON.parse(readFileSync(join(storePath, "durability", childId, "run.json"), "utf8")) as { metrics: Record<string, { last: number; count: number }> };
      assert.deepEqual([file.metrics["loss"]?.last, file.metrics["loss"]?.count], [0.5, 1]);
      assert.deepEqual((await checkStore(storePath)).problems, []);
    });
  }

  test("a script that handles SIGINT itself keeps its exit code and what it ended; the runs it left open are KILLED", async () => {
    const storePath = tempStorePath();
    const worker = startWorker("durability.ts", [storePath, "handle-sigint"]);
    const [parentId = "", childId = ""] = (await worker.waitForLine((line) => line.startsWith("run "))).split(" ").slice(1);
    await worker.waitForLine((line) => line === "ready");
    worker.child.kill("SIGINT");
    const exit = await worker.exited;
    assert.deepEqual([exit.code, exit.signal], [0, null], exit.stderr);
    assert.equal((await runById(storePath, childId)).status, "FINISHED");
    assert.equal((await runById(storePath, parentId)).status, "KILLED");
  });

  const endings = [
    { mode: "throw", what: "an uncaught exception", code: 1, status: "FAILED" },
    { mode: "reject", what: "an unhandled rejection", code: 1, status: "FAILED" },
    { mode: "exit-normally", what: "a normal exit (code 0)", code: 0, status: "FINISHED" },
    { mode: "exit-3", what: "process.exit(3)", code: 3, status: "FAILED" },
  ] as const;
  for (const { mode, what, code, status } of endings) {
    test(`${what} without end() marks the open runs ${status}`, async () => {
      const storePath = tempStorePath();
      const worker = startWorker("durability.ts", [storePath, mode]);
      const runLine = await worker.waitForLine((line) => line.startsWith("run "));
      const exit = await worker.exited;
      assert.equal(exit.code, code, exit.stderr);
      const ids = runLine.split(" ").slice(1);
      assert.equal(ids.length, 2);
      for (const id of ids) {
        const run = await runById(storePath, id);
        assert.equal(run.status, status);
        assert.equal(typeof run.endTime, "number");
        assert.equal(run.metrics["loss"] ?? null, id === ids[1] ? 0.5 : null);
      }
      assert.deepEqual((await checkStore(storePath)).problems, []);
    });
  }
});
