/**
 * A process that works on runs after their script, for the tests of edits and resumes. Usage:
 * `after-script.ts <mode> <store> ...`.
 *
 * - `hold <experiment>`: starts a run, prints `run <id>`, keeps it RUNNING until `end` arrives on stdin.
 * - `tag <run id> <prefix> <count>`: prints `ready`, waits for `go`, then sets the tags `<prefix>-0` …
 *   `<prefix>-<count - 1>` one call at a time.
 * - `resume <run id> <count>`: resumes the run, logs `loss` at the next `count` steps after its last one,
 *   logs its param `lr` again (same value: allowed) and ends it; prints `resumed <last step>`.
 * - `resume-forever <run id>`: resumes the run, prints `resumed`, then logs `loss` at step after step and
 *   prints `ack <step>` after each call returns, until it is killed.
 * - `resume-hold <run id>`: prints `ready`, waits for `go`, resumes the run, prints `resumed` and keeps it
 *   RUNNING until `end` arrives.
 *
 * Every mode that finishes prints `done`, or `error <code> <host> <pid>` for a RuntreeError, and exits 0.
 */
import { stopReading, waitFor } from "./stdin-words.js";
import { say } from "./say.js";
import { openStore, RuntreeError } from "../../src/index.js";

const [mode, storePath, ...args] = process.argv.slice(2);
if (mode === undefined || storePath === undefined) throw new Error("usage: after-script.ts <mode> <store> ...");
const store = openStore(storePath, { captureSource: false });

try {
  if (mode === "hold") {
    const run = store.experiment(args[0] ?? "held").startRun({ name: "held" });
    run.logMetric("loss", 1, { step: 0 });
    console.log(`run ${run.id}`);
    await waitFor("end");
    await run.end();
  } else if (mode === "tag") {
    const [id = "", prefix = "", count = "0"] = args;
    console.log("ready");
    await waitFor("go");
    for (let i = 0; i < Number(count); i++) await store.setTag(id, `${prefix}-${i}`, String(i));
  } else if (mode === "resume") {
    const [id = "", count = "0"] = args;
    const run = await store.resumeRun(id);
    const last = run.lastStep("loss") ?? -1;
    console.log(`resumed ${last}`);
    for (let step = last + 1; step <= last + Number(count); step++) run.logMetric("loss", 1 / (step + 1), { step });
    run.logParam("lr", 0.1);
    await run.end();
  } else if (mode === "resume-forever") {
    const run = await store.resumeRun(args[0] ?? "");
    console.log("resumed");
    for (let step = (run.lastStep("loss") ?? -1) + 1; ; step++) {
      run.logMetric("loss", 1 / (step + 1), { step });
      await say(`ack ${step}`);
    }
  } else if (mode === "resume-hold") {
    console.log("ready");
    await waitFor("go");
    const run = await store.resumeRun(args[0] ?? "");
    console.log("resumed");
    await waitFor("end");
    await run.end();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  console.log("done");
} catch (error) {
  if (!(error instanceof RuntreeError)) throw error;
  console.log(`error ${error.code} ${error.context.host ?? ""} ${error.context.pid ?? ""}`);
}
stopReading();
