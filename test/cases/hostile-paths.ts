/**
 * Names and keys that look like paths, tried in every field of the writer that could become one: each is
 * either refused with a typed error that names it, or accepted and read back exactly, and nothing is ever
 * written outside the store. The temp root also holds bait: a folder and a file beside the store, whose
 * bytes must never change and whose content must never reach a report or an export.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listArtifacts, openStore, RuntreeError, type Run, type Store } from "../../src/index.js";
import { runCli } from "../workers/cli-runner.js";

export interface TempRoot {
  readonly root: string;
  /** `<root>/mlruns`, the store. */
  readonly store: string;
  /** `<root>/bait`, a folder beside the store holding `secret.txt`. */
  readonly bait: string;
  /** A string found only in the bait files. */
  readonly secret: string;
}

/** A temp root with the store folder, a local file to log as an artifact, and the bait folder and file. */
export function makeTempRoot(prefix: string): TempRoot {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const secret = `BAIT-${randomBytes(8).toString("hex")}`;
  const bait = join(root, "bait");
  mkdirSync(bait);
  writeFileSync(join(bait, "secret.txt"), `${secret}\n`);
  writeFileSync(join(root, "bait-file.txt"), `${secret} beside the store\n`);
  mkdirSync(join(root, "local"));
  writeFileSync(join(root, "local", "model.bin"), "weights");
  return { root, store: join(root, "mlruns"), bait, secret };
}

export interface Vector {
  readonly label: string;
  readonly value: string;
}

/** The path forms of the issue; absolute paths point into the bait folder, where a write would land. */
export function hostileVectors(bait: string): Vector[] {
  return [
    { label: "parent segment", value: "../escape" },
    { label: "two parent segments to the bait", value: "../../bait/owned" },
    { label: "parent segment inside", value: "a/../../owned" },
    { label: "absolute path into the bait", value: join(bait, "owned") },
    { label: "absolute root path", value: "/etc/passwd" },
    { label: "Windows absolute path", value: "C:\\Windows\\owned" },
    { label: "backslash parent segments", value: "..\\..\\bait\\owned" },
    { label: "backslash", value: "a\\b" },
    { label: "reserved CON", value: "CON" },
    { label: "reserved NUL", value: "NUL" },
    { label: "reserved con.txt", value: "con.txt" },
    { label: "reserved COM1", value: "COM1" },
    { label: "reserved LPT9", value: "LPT9" },
    { label: "trailing dot", value: "trailing." },
    { label: "trailing space", value: "trailing " },
    { label: "trailing dots and spaces", value: "name. . " },
    { label: "only dots", value: "..." },
    { label: "255 bytes", value: "x".repeat(255) },
    { label: "256 bytes in 128 characters", value: "é".repeat(128) },
    { label: "4,097 characters", value: "y".repeat(4097) },
    { label: "a path of 4,400 characters in short segments", value: "seg/".repeat(1100) + "end" },
  ];
}

/** Where a vector went: accepted (and read back), or refused with a RuntreeError. */
export interface Outcome {
  readonly field: string;
  readonly vector: Vector;
  readonly refused?: { readonly code: string; readonly message: string };
  /** The run that holds it, when accepted in a run's field. */
  readonly run?: string;
}

/** The error codes a refusal of a name, key or artifact path may have. */
const REFUSALS = new Set(["INVALID_NAME", "INVALID_KEY", "INVALID_ARTIFACT_PATH"]);

/** The fields of the writer a name can go into, each as one call on a fresh run (or the store). */
const FIELDS: ReadonlyArray<readonly [string, (store: Store, value: string, local: string) => Run | undefined]> = [
  ["experiment name", (store, value) => store.experiment(value).startRun({ name: "in a hostile experiment" })],
  ["run name", (store, value) => store.experiment("hostile").startRun({ name: value })],
  ["objective metric", (store, value) => store.experiment("hostile").startRun({ objective: { metric: value, goal: "min" } })],
  ["param key", (store, value) => withRun(store, (run) => run.logParam(value, 1))],
  ["tag key", (store, value) => withRun(store, (run) => run.setTag(value, "v"))],
  ["metric key", (store, value) => withRun(store, (run) => run.logMetric(value, 1))],
  ["text artifact", (store, value) => withRun(store, (run) => run.logText("text", value))],
  ["JSON artifact", (store, value) => withRun(store, (run) => run.logJson({ a: 1 }, value))],
  ["copied artifact", (store, value, local) => withRun(store, (run) => run.logArtifact(join(local, "model.bin"), value))],
];

/** Starts a run, does `fn` with it; the run is ended by the caller (also when `fn` throws). */
function withRun(store: Store, fn: (run: Run) => void): Run {
  const run = store.experiment("hostile").startRun();
  try {
    fn(run);
  } catch (error) {
    void run.end("FAILED");
    throw error;
  }
  return run;
}

/** Tries every vector in every field through the public API; asserts each refusal is typed and names it. */
export async function tryEveryField(temp: TempRoot): Promise<Outcome[]> {
  const store = openStore(temp.store, { captureSource: false });
  const outcomes: Outcome[] = [];
  for (const vector of hostileVectors(temp.bait)) {
    for (const [field, call] of FIELDS) {
      try {
        const run = call(store, vector.value, join(temp.root, "local"));
        await run?.end();
        outcomes.push({ field, vector, ...(run && { run: run.id }) });
      } catch (error) {
        const what = `${field} ${vector.label}`;
        assert.ok(error instanceof RuntreeError, `${what}: refused with ${String(error)}, not a RuntreeError`);
        assert.ok(REFUSALS.has(error.code), `${what}: refused with ${error.code}: ${error.message}`);
        // Names the value (JSON-quoted, long values cut after their first characters).
        assert.ok(error.message.includes(JSON.stringify(vector.value).slice(0, 24)), `${what}: the message names the value: ${error.message}`);
        outcomes.push({ field, vector, refused: { code: error.code, message: error.message } });
      }
    }
  }
  return outcomes;
}

/** Every accepted vector reads back exactly where it was put. */
export async function assertAcceptedReadBack(temp: TempRoot, outcomes: readonly Outcome[]): Promise<void> {
  const store = openStore(temp.store);
  const snapshot = await store.read();
  const names = new Set(snapshot.experiments.map((experiment) => experiment.name));
  const byId = new Map(snapshot.runs.map((run) => [run.id, run]));
  for (const { field, vector, run: id, refused } of outcomes) {
    if (refused) continue;
    const what = `${field} ${vector.label}`;
    if (field === "experiment name") {
      assert.ok(names.has(vector.value), `${what}: the experiment reads back`);
      continue;
    }
    const run = byId.get(id ?? "");
    assert.ok(run, `${what}: its run ${id} reads back`);
    if (field === "run name") assert.equal(run.name, vector.value, what);
    if (field === "objective metric") assert.equal(run.objective?.metric, vector.value, what);
    if (field === "param key") assert.ok(Object.hasOwn(run.params, vector.value), what);
    if (field === "tag key") assert.ok(Object.hasOwn(run.tags, vector.value), what);
    if (field === "metric key") assert.ok(Object.hasOwn(run.metrics, vector.value), what);
    if (field.endsWith("artifact")) assert.deepEqual(await listArtifacts(run), [vector.value], what);
  }
}

/** One line per field: how many vectors it accepted, and which it refused with what code. */
export function summary(outcomes: readonly Outcome[]): string {
  const fields = [...new Set(outcomes.map((outcome) => outcome.field))];
  return fields
    .map((field) => {
      const mine = outcomes.filter((outcome) => outcome.field === field);
      const refused = mine.filter((outcome) => outcome.refused).map((outcome) => `${outcome.vector.label} (${outcome.refused?.code})`);
      return `${field}: ${mine.length - refused.length} accepted, ${refused.length} refused${refused.length > 0 ? `: ${refused.join(", ")}` : ""}`;
    })
    .join("\n");
}

const BIN = new URL("../../bin/", import.meta.url).pathname;

export interface Command {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an installed command (`runtree` or `report`, built `dist/`) in `cwd`. */
export function command(name: "runtree" | "report", args: readonly string[], cwd: string): Command {
  const result = spawnSync(process.execPath, [join(BIN, `${name}.js`), ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runtree tag` and `runtree rename` with every vector as a tag key and as a run name: exit 0 and the value
 * read back, or exit 2 with one line on stderr naming it. Returns one line per refusal. In-process (the
 * binary's `main`, with its exit code and output), since a process each for 42 commands takes a minute here.
 */
export async function tryTheCli(temp: TempRoot, runId: string): Promise<string[]> {
  const store = openStore(temp.store);
  const refusals: string[] = [];
  for (const vector of hostileVectors(temp.bait)) {
    for (const [what, args] of [
      ["tag key", ["tag", "mlruns", runId, `${vector.value}=v`]],
      ["run name", ["rename", "mlruns", runId, vector.value]],
    ] as const) {
      const result = await runCli(args, temp.root);
      const context = `runtree ${args[0]} with the ${what} ${vector.label}: exit ${result.code}\n${result.stderr}`;
      if (result.code === 0) {
        const run = await store.getRun(runId);
        assert.ok(what === "tag key" ? run.tags[vector.value] === "v" : run.name === vector.value, context);
        continue;
      }
      assert.equal(result.code, 2, context);
      const lines = result.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, context);
      assert.ok(lines[0]!.includes(JSON.stringify(vector.value).slice(0, 24)), `${context}: the line names the value`);
      refusals.push(`${what} ${vector.label}`);
    }
  }
  return refusals;
}
