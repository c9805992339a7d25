/**
 * A writer on a file system that refuses writes. Runs inside a private mount namespace (see
 * `test/disk-faults.test.ts`) where `<mnt>` is a small tmpfs of its own, so it can fill the disk or make
 * the store read-only without touching the machine. Usage: `disk-faults.ts <mnt> full | read-only`.
 * Everything it observes goes to stdout as one JSON object (the tmpfs is gone when it exits).
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join, relative } from "node:path";
import { main } from "../../src/cli/main.js";
import { checkStore } from "../../src/load/check-store.js";
import { openStore, readStore } from "../../src/index.js";

const [mnt = "", scenario = ""] = process.argv.slice(2);
const errors: Record<string, { code: string; message: string } | "ok"> = {};

/** Runs one call and records whether it failed, and how. */
async function attempt(what: string, call: () => unknown): Promise<void> {
  try {
    await call();
    errors[what] = "ok";
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    errors[what] = { code: String(code), message: String(message) };
  }
}

function filesBelow(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((path) => statSync(join(root, path)).isFile())
    .map((path) => relative(root, join(root, path)))
    .sort();
}

/** `runtree report` in-process, with what it printed. */
async function report(store: string, out: string): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await main(["report", store, out, "--quiet"], {
    stdout: { write: () => undefined },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd: mnt,
    env: {},
  });
  return { code, stderr };
}

const root = join(mnt, "store", "mlruns");
const store = openStore(root, { captureSource: false });
const experiment = store.experiment("disk faults");
const run = experiment.startRun({ name: "victim", params: { a: 1 } });
const runJson = join(run.dir, "run.json");
for (let step = 0; step < 10; step++) run.logMetric("loss", 1 / (step + 1), { step });
run.setTag("k", "v");
await run.flush();
const before = readFileSync(runJson, "utf8");
const acked = Array.from({ length: 10 }, (_, step) => step);
const out: Record<string, unknown> = { runDir: run.dir, experimentDir: experiment.path };

if (scenario === "full") {
  const filler = join(mnt, "filler");
  const fd = openSync(filler, "w");
  const chunk = Buffer.alloc(64 * 1024, 120);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    out["fillerError"] = (error as NodeJS.ErrnoException).code;
  }
  closeSync(fd);
  // Log until the disk refuses: the last write may be cut short in the middle of a line.
  for (let step = 10; step < 1_000_000; step++) {
    await attempt("logMetric", () => run.logMetric("loss", 1 / (step + 1), { step }));
    if (errors["logMetric"] !== "ok") break;
    acked.push(step);
  }
  await attempt("setTag", () => run.setTag("k2", "v2"));
  await attempt("logParam", () => run.logParam("b", 2));
  await attempt("logText", () => run.logText("x".repeat(100_000), "notes.txt"));
  await attempt("startRun", () => experiment.startRun({ name: "newborn" }));
  await attempt("startChild", () => run.startChild({ name: "newborn child" }));
  await attempt("experiment", () => store.experiment("another experiment"));
  await attempt("end", () => run.end());
  out["runJsonUnchanged"] = readFileSync(runJson, "utf8") === before;
  out["entriesWhileFull"] = readdirSync(experiment.path).sort();
  unlinkSync(filler);
  // Room again: the run goes on where it was, and what failed before left nothing behind.
  for (let step = acked.at(-1)! + 1, n = 0; n < 5; step++, n++) {
    run.logMetric("loss", 1 / (step + 1), { step });
    acked.push(step);
  }
  await attempt("logParam after", () => run.logParam("b", 3));
  await attempt("end after", () => run.end());
} else if (scenario === "read-only") {
  // A run that has written its history keeps its file open; a fresh one has none yet.
  const fresh = experiment.startRun({ name: "fresh" });
  // The report's folder and the folder it sits in are read-only, as on a read-only file system.
  const site = join(mnt, "read-only", "site");
  out["firstReport"] = await report(root, site);
  const storeDir = join(mnt, "store");
  for (const dir of [storeDir, join(mnt, "read-only")]) {
    execFileSync("mount", ["--bind", dir, dir]);
    execFileSync("mount", ["-o", "remount,bind,ro", dir]);
  }
  await attempt("setTag", () => run.setTag("k2", "v2"));
  await attempt("logParam", () => run.logParam("b", 2));
  await attempt("logMetric fresh", () => fresh.logMetric("loss", 1));
  await attempt("logText", () => run.logText("notes", "notes.txt"));
  await attempt("startRun", () => experiment.startRun({ name: "newborn" }));
  await attempt("experiment", () => store.experiment("another experiment"));
  await attempt("end", () => run.end());
  await attempt("other process's store", () => openStore(root).experiment("disk faults").startRun({ name: "other" }));
  out["runJsonUnchanged"] = readFileSync(runJson, "utf8") === before;
  out["entriesWhileReadOnly"] = readdirSync(experiment.path).sort();
  const writable = join(mnt, "elsewhere");
  mkdirSync(writable);
  out["reportOfReadOnlyStore"] = await report(root, join(writable, "site"));
  out["reportIntoReadOnlyOut"] = await report(root, site);
} else {
  throw new Error(`unknown scenario ${scenario}`);
}

out["errors"] = errors;
out["acked"] = acked;
out["problems"] = (await readStore(root)).problems;
out["check"] = (await checkStore(root)).problems;
out["history"] = (await store.metricHistory(run.id, "loss")).map((point) => point.step);
const record = await store.getRun(run.id);
out["record"] = { status: record.status, params: { ...record.params }, tags: { ...record.tags } };
out["files"] = filesBelow(root);
console.log(JSON.stringify(out));
