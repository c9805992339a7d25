/**
 * A writer SIGKILLed at a random moment, as a scenario the caller repeats: `npm test` a few times, `npm run
 * stress` twenty. The worker (`test/workers/durability.ts`, mode `sweep` or `log-forever`) prints a line
 * after each call has returned; whatever it printed must be on disk, the store must read, and the runs it
 * left open must read as abandoned. The only damage a kill may leave is a torn last line of a history,
 * which is skipped and named.
 */
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { openStore, readStore, type Problem } from "../../src/index.js";
import { checkStore } from "../../src/load/check-store.js";
import { startWorker } from "../workers/worker-process.js";

export interface KillCase {
  readonly storePath: string;
  readonly mode: "sweep" | "log-forever";
  /** The kill lands this long after the worker reported its first run; random when absent. */
  readonly delayMs?: number;
}

/** Problems a kill may leave: a last line of a history cut mid-write. Anything else is damage. */
function tornLastLines(problems: readonly Problem[]): boolean {
  return problems.every((problem) => problem.code === "CORRUPT_FILE" && /\/metrics\.jsonl:\d+$/.test(problem.file));
}

export async function killAtRandom({ storePath, mode, delayMs = randomInt(0, 400) }: KillCase): Promise<{ acked: number }> {
  const worker = startWorker("durability.ts", [storePath, mode]);
  const first = await worker.waitForLine((line) => line.startsWith("run "));
  await sleep(delayMs);
  worker.child.kill("SIGKILL");
  const exit = await worker.exited;
  const context = `${mode}, killed ${delayMs} ms after its first run`;
  assert.equal(exit.signal, "SIGKILL", `${context}\n${exit.stderr}`);

  const store = openStore(storePath);
  const snapshot = await readStore(storePath);
  assert.ok(tornLastLines(snapshot.problems), `${context}: ${JSON.stringify(snapshot.problems)}`);
  const check = await checkStore(storePath);
  assert.ok(tornLastLines(check.problems), `${context}: runtree check found ${JSON.stringify(check.problems)}`);
  const byId = new Map(snapshot.runs.map((run) => [run.id, run]));
  const topId = first.split(" ")[1] ?? "";
  assert.equal(byId.get(topId)?.abandoned, true, `${context}: the killed process's open run reads as abandoned`);

  let acked = 0;
  if (mode === "sweep") {
    const points = new Map<string, number[]>();
    for (const line of exit.lines) {
      const [word, what, id = "", step = ""] = line.split(" ");
      if (word === "ack" && what === "point") points.set(id, [...(points.get(id) ?? []), Number(step)]);
    }
    const ended = new Set(exit.lines.filter((line) => line.startsWith("ended ")).map((line) => line.split(" ")[1]));
    for (const [id, steps] of points) {
      const run = byId.get(id);
      assert.ok(run, `${context}: child ${id} reported points, so it is readable`);
      assert.equal(run.parentId, topId);
      // An acknowledged end is on disk. Without the acknowledgement the kill may have landed after end()
      // wrote the record and before the line was printed: then ended, else abandoned, never still running.
      if (ended.has(id)) assert.ok(run.status === "FINISHED" && !run.abandoned, `${context}: child ${id} acknowledged its end but reads ${run.status}`);
      else assert.ok(run.abandoned || run.status === "FINISHED", `${context}: child ${id} reads ${run.status} and not abandoned`);
      const history = await store.metricHistory(id, "loss");
      for (const step of steps) assert.ok(history.some((point) => point.step === step), `${context}: acknowledged step ${step} of ${id} is on disk`);
      acked += steps.length;
    }
    for (const run of snapshot.runs) {
      if (run.id !== topId) assert.ok(run.status === "FINISHED" || run.abandoned, `${context}: ${run.id} is ${run.status}`);
    }
  } else {
    const steps = exit.lines.filter((line) => line.startsWith("ack metric ")).map((line) => Number(line.split(" ")[2]));
    const history = await store.metricHistory(topId, "loss");
    for (const step of steps) assert.ok(history.some((point) => point.step === step), `${context}: acknowledged step ${step} is on disk`);
    acked = steps.length;
  }
  return { acked };
}
