/**
 * A process that works on runs after their script, for the tests of edits and resumes. Usage:
 * `after-script.ts <mode> <store> ...`.
 *
 * - `hold <experiment>`: starts a run, prints `run <id>`, keeps it RUNNING until `end` arrives on stdin.
 * - `tag <run id> <prefix> <count>`: prints `ready`, waits for `go`, then sets the tags `<prefix>-0` …
 *   `<prefix>-<count - 1>` one call at a time.
 *
 * Every mode that finishes prints `done` (or `error <code>` for a RuntreeError) and exits 0.
 */
import { createInterface } from "node:readline";
import { openStore, RuntreeError } from "../../src/index.js";

const lines = createInterface({ input: process.stdin });
const incoming = lines[Symbol.asyncIterator]();

async function waitFor(word: string): Promise<string[]> {
  for (;;) {
    const next = await incoming.next();
    if (next.done === true) throw new Error(`stdin closed before "${word}"`);
    const [first, ...rest] = next.value.split(" ");
    if (first === word) return rest;
  }
}

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
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  console.log("done");
} catch (error) {
  if (!(error instanceof RuntreeError)) throw error;
  console.log(`error ${error.code} ${error.context.host ?? ""} ${error.context.pid ?? ""}`);
}
lines.close();
