import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, type Store } from "../src/index.js";
import { checkStore } from "../src/load/check-store.js";
import { startWorker, stopAllWorkers } from "./workers/worker-process.js";

const temps: string[] = [];
after(() => {
  stopAllWorkers();
  temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function tempStore(): Store {
  const root = mkdtempSync(join(tmpdir(), "runtree-resume-"));
  temps.push(root);
  let now = Date.UTC(2026, 0, 1);
  return openStore(join(root, "mlruns"), { clock: () => (now += 1000), captureSource: false });
}

/** A finished run with `loss` at steps 0..2 and the param lr = 0.1. */
async function finishedRun(store: Store, experiment = "resume"): Promise<string> {
  return store.experiment(experiment).run({ name: "training", params: { lr: 0.1 } }, (run) => {
    for (let step = 0; step < 3; step++) run.logMetric("loss", 1 / (step + 1), { step });
    return run.id;
  });
}

const historyFile = (store: Store, id: string, experiment = "resume") => join(store.root, experiment, id, "metrics.jsonl");

describe("resuming a run in this process", () => {
  test("an ended run runs again: its steps continue after the old ones, nothing earlier is rewritten, and it ends as usual", async () => {
    const store = tempStore();
    const id = await finishedRun(store);
    const ended = await store.getRun(id);
    const oldHistory = readFileSync(historyFile(store, id), "utf8");

    const run = await store.resumeRun(id);
    assert.equal(run.id, id);
    assert.equal(run.name, "training");
    assert.equal(run.status, "RUNNING");
    assert.equal(run.lastStep("loss"), 2);
    assert.equal(run.lastStep("nope"), undefined);
    const live = await store.getRun(id);
    assert.equal(live.status, "RUNNING");
    assert.equal(live.endTime, null);
    assert.equal(live.abandoned, false);

    run.logParam("lr", 0.1); // the same value: a no-op, as before
    assert.throws(() => run.logParam("lr", 0.2), { code: "PARAM_CHANGED" });
    for (let step = 3; step < 5; step++) run.logMetric("loss", 10 * step, { step });
    await run.end();

    assert.ok(readFileSync(historyFile(store, id), "utf8").startsWith(oldHistory), "the old history is a prefix of the new one");
    const history = await store.metricHistory(id, "loss");
    assert.deepEqual(history.map((p) => p.step), [0, 1, 2, 3, 4]);
    const resumed = await store.getRun(id);
    assert.equal(resumed.status, "FINISHED");
    assert.equal(resumed.startTime, ended.startTime, "still the run that started then");
    assert.ok(resumed.endTime! > ended.endTime!);
    assert.deepEqual(resumed.metricSummaries["loss"], { last: 40, step: 4, timestamp: history[4]!.timestamp, min: 1 / 3, max: 40, count: 5 });
    assert.deepEqual({ ...resumed.params }, { lr: 0.1 });
    assert.deepEqual((await checkStore(store.root)).problems, []);
  });

  test("store.resume ends the run FINISHED, or FAILED when the function throws; what was edited meanwhile stays", async () => {
    const store = tempStore();
    const id = await finishedRun(store);
    await store.renameRun(id, "renamed");
    await store.setTag(id, "stage", "prod");
    await store.setNote(id, "*checked*");
    assert.equal(await store.resume(id, (run) => run.name), "renamed");
    const run = await store.getRun(id);
    assert.equal(run.status, "FINISHED");
    assert.equal(run.tags["stage"], "prod");
    assert.equal(run.description, "*checked*");
    await assert.rejects(store.resume(id, () => Promise.reject(new Error("preempted again"))), /preempted again/);
    assert.equal((await store.getRun(id)).status, "FAILED");
  });

  test("a run open in this process, a deleted run, a run of another experiment and an unknown id are refused", async () => {
    const store = tempStore();
    const open = store.experiment("resume").startRun({ name: "open" });
    await assert.rejects(store.resumeRun(open.id), (error: { code: string; context: { pid: number; host: string } }) => {
      assert.equal(error.code, "RUN_LIVE");
      assert.equal(error.context.pid, process.pid);
      assert.equal(error.context.host, hostname());
      return true;
    });
    await open.end();
    const id = await finishedRun(store);
    await store.deleteRun(id);
    await assert.rejects(store.resumeRun(id), { code: "RUN_DELETED" });
    const other = await finishedRun(store, "elsewhere");
    await assert.rejects(store.experiment("resume").resumeRun(other), { code: "RUN_NOT_FOUND" });
    await assert.rejects(store.resumeRun("f".repeat(32)), { code: "RUN_NOT_FOUND" });
  });

  test("a child resumed under its resumed parent counts when the parent ends again: the best child is recomputed", async () => {
    const store = tempStore();
    const exp = store.experiment("resume");
    const ids: Record<string, string> = {};
    await exp.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
      ids["sweep"] = sweep.id;
      for (const [name, loss] of [["a", 0.5], ["b", 0.4]] as const) {
        await sweep.child({ name }, (child) => {
          ids[name] = child.id;
          child.logMetric("loss", loss);
        });
      }
    });
    assert.equal((await store.getRun(ids["sweep"]!)).bestChild?.id, ids["b"]);
    const lone = await finishedRun(store);

    const sweep = await store.resumeRun(ids["sweep"]!);
    await assert.rejects(sweep.resumeChild(lone), { code: "RUN_NOT_FOUND" }, "only its own children");
    const a = await sweep.resumeChild(ids["a"]!);
    a.logMetric("loss", 0.1, { step: (a.lastStep("loss") ?? 0) + 1 });
    await a.end();
    await sweep.end();
    const best = (await store.getRun(ids["sweep"]!)).bestChild;
    assert.equal(best?.id, ids["a"]);
    assert.equal(best?.value, 0.1);
  });

  test("a history whose last line a crash cut keeps that one bad line; the resumed points after it read back", async () => {
    const store = tempStore();
    const id = await finishedRun(store);
    appendFileSync(historyFile(store, id), '{"key":"loss","value":0.0');
    await store.resume(id, (run) => run.logMetric("loss", 0.25, { step: 3 }));
    assert.deepEqual((await store.metricHistory(id, "loss")).map((p) => p.step), [0, 1, 2, 3]);
    const problems = (await checkStore(store.root)).problems;
    assert.deepEqual(problems.map((p) => p.file), [`resume/${id}/metrics.jsonl:5`]);
  });
});

describe("resuming across processes", () => {
  test("another process resumes a run this one ended; its steps continue and it ends FINISHED", { timeout: 120_000 }, async () => {
    const store = tempStore();
    const id = await finishedRun(store);
    const worker = startWorker("after-script.ts", ["resume", store.root, id, "4"]);
    const exit = await worker.exited;
    assert.deepEqual(exit.lines, ["resumed 2", "done"], exit.stderr);
    const run = await store.getRun(id);
    assert.equal(run.status, "FINISHED");
    assert.deepEqual((await store.metricHistory(id, "loss")).map((p) => p.step), [0, 1, 2, 3, 4, 5, 6]);
  });

  test("resuming a run another live process holds is refused, naming it; once that process is killed, resuming works", { timeout: 120_000 }, async () => {
    const store = tempStore();
    const holder = startWorker("after-script.ts", ["hold", store.root, "resume"]);
    const id = (await holder.waitForLine((line) => line.startsWith("run "))).split(" ")[1]!;
    await assert.rejects(store.resumeRun(id), (error: { code: string; message: string; context: { pid: number; host: string } }) => {
      assert.equal(error.code, "RUN_LIVE");
      assert.equal(error.context.pid, holder.child.pid);
      assert.equal(error.context.host, hostname());
      assert.match(error.message, new RegExp(`process ${holder.child.pid} on host "${hostname()}"`));
      return true;
    });
    holder.child.kill("SIGKILL");
    await holder.exited;
    assert.equal((await store.getRun(id)).abandoned, true);
    const run = await store.resumeRun(id);
    assert.equal(run.lastStep("loss"), 0, "the abandoned run's history is replayed");
    run.logMetric("loss", 0.5, { step: 1 });
    await run.end();
    const after = await store.getRun(id);
    assert.equal(after.status, "FINISHED");
    assert.equal(after.metricSummaries["loss"]?.count, 2);
  });

  test("a SIGKILL during a resumed run loses nothing acknowledged, before or after the resume", { timeout: 120_000 }, async () => {
    const store = tempStore();
    const id = await finishedRun(store);
    const worker = startWorker("after-script.ts", ["resume-forever", store.root, id]);
    let acks = 0;
    worker.onLine((line) => {
      if (line.startsWith("ack ") && ++acks === 200) worker.child.kill("SIGKILL");
    });
    const exit = await worker.exited;
    assert.equal(exit.signal, "SIGKILL", exit.stderr);
    const acked = exit.lines.filter((line) => line.startsWith("ack ")).map((line) => Number(line.split(" ")[1]));
    assert.ok(acked.length >= 200);
    const steps = new Set((await store.metricHistory(id, "loss")).map((p) => p.step));
    for (const step of [0, 1, 2, ...acked]) assert.ok(steps.has(step), `step ${step} is on disk`);
    const run = await store.getRun(id);
    assert.equal(run.status, "RUNNING");
    assert.equal(run.abandoned, true);
  });

  test("of two processes resuming one abandoned run at once, one wins and the other is refused, naming the winner", { timeout: 120_000 }, async () => {
    const store = tempStore();
    const doomed = startWorker("after-script.ts", ["hold", store.root, "resume"]);
    const id = (await doomed.waitForLine((line) => line.startsWith("run "))).split(" ")[1]!;
    doomed.child.kill("SIGKILL");
    await doomed.exited;
    const racers = [0, 1].map(() => startWorker("after-script.ts", ["resume-hold", store.root, id]));
    await Promise.all(racers.map((w) => w.waitForLine((line) => line === "ready")));
    for (const racer of racers) racer.send("go");
    const outcomes = await Promise.all(racers.map((w) => w.waitForLine((line) => line === "resumed" || line.startsWith("error "))));
    const winner = outcomes.indexOf("resumed");
    assert.notEqual(winner, -1, outcomes.join(" | "));
    const loser = outcomes[1 - winner]!;
    assert.equal(loser, `error RUN_LIVE ${hostname()} ${racers[winner]!.child.pid}`);
    racers[winner]!.send("end");
    for (const racer of racers) assert.equal((await racer.exited).code, 0);
    assert.equal((await store.getRun(id)).status, "FINISHED");
  });
});
