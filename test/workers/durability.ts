/**
 * A training script that dies in the ways real ones do. Usage: `durability.ts <store> <mode>`.
 *
 * - `log-forever`: logs metrics, params and tags as fast as it can and prints `ack <kind> <i>` after each
 *   call has returned, until it is killed.
 * - `sweep`: a parent, then children one after another, each logging 20 points (`ack point <child id> <step>`
 *   after each returned call) and ending (`ended <child id>`), until it is killed: a kill may land anywhere
 *   in a run's life, starting and ending included.
 * - `wait`: opens a parent and a child run, prints `ready`, then idles until a signal arrives.
 * - `handle-sigint`: the same, with its own SIGINT handler that ends the child and exits with code 0.
 * - `throw`, `reject`: open runs, then an uncaught exception / an unhandled rejection.
 * - `exit-normally`, `exit-3`: open runs, then leave without `end()` (the event loop drains / `process.exit(3)`).
 *
 * Every mode first prints `run <parent id> <child id>` (`log-forever` and `sweep`: `run <id>`).
 */
import { openStore } from "../../src/index.js";
import { say } from "./say.js";

const [storePath, mode] = process.argv.slice(2);
if (storePath === undefined || mode === undefined) throw new Error("usage: durability.ts <store> <mode>");

const experiment = openStore(storePath, { captureSource: false }).experiment("durability");

if (mode === "log-forever") {
  const run = experiment.startRun({ name: "doomed" });
  console.log(`run ${run.id}`);
  for (let i = 0; ; i++) {
    run.logMetric("loss", 1 / (i + 1), { step: i });
    await say(`ack metric ${i}`);
    run.logParams({ [`p${i}`]: i });
    await say(`ack param ${i}`);
    run.setTag("last", String(i));
    await say(`ack tag ${i}`);
  }
}

if (mode === "sweep") {
  const parent = experiment.startRun({ name: "sweep", objective: { metric: "loss", goal: "min" } });
  console.log(`run ${parent.id}`);
  for (let i = 0; ; i++) {
    const child = parent.startChild({ name: `trial-${i}`, params: { i } });
    await say(`started ${child.id}`);
    for (let step = 0; step < 20; step++) {
      child.logMetrics({ loss: 1 / (step + 1) + i, acc: step / 20 }, { step });
      await say(`ack point ${child.id} ${step}`);
    }
    await child.end();
    await say(`ended ${child.id}`);
  }
}

const parent = experiment.startRun({ name: `parent-${mode}` });
const child = parent.startChild({ name: `child-${mode}` });
child.logMetric("loss", 0.5);
console.log(`run ${parent.id} ${child.id}`);

switch (mode) {
  case "wait":
    setInterval(() => undefined, 60_000);
    console.log("ready");
    break;
  case "handle-sigint":
    // The script's own graceful shutdown: it ends what it chooses to, then exits with its own code.
    process.on("SIGINT", () => void child.end().then(() => process.exit(0)));
    setInterval(() => undefined, 60_000);
    console.log("ready");
    break;
  case "throw":
    setTimeout(() => {
      throw new Error("boom");
    }, 10);
    break;
  case "reject":
    void Promise.reject(new Error("rejected"));
    break;
  case "exit-normally":
    break;
  case "exit-3":
    process.exit(3);
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
