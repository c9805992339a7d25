/**
 * A long-lived writer, measured from inside. Usage: `soak.ts <mode> <store> <count> [leak]`; prints one JSON line
 * (`result {...}`) at the end.
 *
 * - `points`: one run logs `count` points of `loss` (steps 0..count-1) as fast as the API takes them (no
 *   await: `logMetric` is synchronous). Every `count / 200` points it takes the resident set (its max is
 *   `peak`), collects all garbage, then samples the resident set (`rss`) and what the heap and buffers hold
 *   (`heap`). Prints `{ run, rss, heap, peak }` (bytes). With a fourth argument `leak` the script itself
 *   keeps one small object per point, so that a test can show the measure catches a leak that small.
 * - `runs`: opens and ends `count` runs in one process, cycling through every way a run ends: `end()`,
 *   `end("FAILED")`, a child ended by its parent's scope, `experiment.run` returning, and `experiment.run`
 *   whose callback throws. Counts the open file descriptors and the listeners of every process event the
 *   writer may hook, after one warm-up run (the writer installs its exit handlers once, on the first run)
 *   and after the last run. Prints `{ before, after, ended, failed }`.
 */
import { readdirSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { openStore } from "../../src/index.js";

const [mode, storePath, countText, leakText] = process.argv.slice(2);
const leak = leakText === "leak";
const count = Number(countText);
if (mode === undefined || storePath === undefined || !Number.isSafeInteger(count) || count <= 0) {
  throw new Error("usage: soak.ts <points|runs> <store> <count> [leak]");
}
const experiment = openStore(storePath, { captureSource: false }).experiment("soak");

/** The process events whose listeners a leaking writer would pile up. */
const EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "exit", "beforeExit", "uncaughtException", "uncaughtExceptionMonitor", "unhandledRejection"] as const;

function handles(): { fds: number; listeners: Record<string, number> } {
  return {
    fds: readdirSync("/proc/self/fd").length,
    listeners: Object.fromEntries(EVENTS.map((event) => [event, process.listenerCount(event)])),
  };
}

if (mode === "points") {
  const run = experiment.startRun({ name: "soak" });
  const every = Math.max(1, Math.floor(count / 200));
  const rss: number[] = [];
  const heap: number[] = [];
  const leaked: object[] = [];
  let peak = 0;
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let step = 0; step < count; step++) {
    run.logMetric("loss", 1 / (step + 1), { step });
    if (leak) leaked.push({ step });
    if ((step + 1) % every === 0) {
      peak = Math.max(peak, process.memoryUsage.rss());
      // After a full collection, so that what is measured is what the writer keeps, not when V8 collects.
      gc();
      const memory = process.memoryUsage();
      rss.push(memory.rss);
      heap.push(memory.heapUsed + memory.external + memory.arrayBuffers);
    }
  }
  await run.end();
  console.log(`result ${JSON.stringify({ run: run.id, rss, heap, peak })}`);
} else if (mode === "runs") {
  const failure = new Error("the training step failed");
  await experiment.run({ name: "warm-up" }, (run) => run.logMetric("loss", 1));
  const before = handles();
  let [ended, failed] = [0, 0];
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    if (kind === 0 || kind === 1) {
      const run = experiment.startRun({ name: `plain-${i}`, params: { i } });
      run.logMetric("loss", i, { step: 0 });
      await run.end(kind === 0 ? "FINISHED" : "FAILED");
    } else if (kind === 2) {
      await experiment.run({ name: `parent-${i}` }, (parent) => parent.child({ name: "child" }, (child) => child.logMetric("loss", i)));
    } else if (kind === 3) {
      await experiment.run({ name: `scoped-${i}` }, (run) => run.logMetric("loss", i));
    } else {
      try {
        await experiment.run({ name: `throws-${i}` }, (run) => {
          run.logMetric("loss", i);
          throw failure;
        });
      } catch (error) {
        if (error !== failure) throw error;
      }
    }
    if (kind === 1 || kind === 4) failed++;
    else ended++;
  }
  console.log(`result ${JSON.stringify({ before, after: handles(), ended, failed })}`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
