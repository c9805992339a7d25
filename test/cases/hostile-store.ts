/**
 * A store with every hostile vector (./hostile-strings.ts) in every user-controlled field, written through
 * the public API. Where the writer refuses a vector, the refusal must be the documented error code; the
 * vector then goes where it is accepted (a param or tag value, a note, an artifact's content).
 *
 * Layout: experiment "hostile" (a one-megabyte description; hostile tags) holds the sweep "sweep"
 * (objective loss, min) with one child per vector: the vector as its name, as the value of param `v` and
 * tag `t`, as a param, tag and metric key, as an artifact's name and in `notes.txt`; every child logs
 * `loss` and each metric key the key rule accepts over 4 steps, and a few have a `<vector>.png` image. Each
 * vector the key rule accepts is also the objective of its own sweep of 3 children. Each vector a name may
 * be is also an experiment's name, with one run.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore, RuntreeError, type Run } from "../../src/index.js";
import { MEGABYTE, VECTORS, type Field, type HostileVector } from "./hostile-strings.js";

export interface HostileChild {
  readonly vector: HostileVector;
  readonly id: string;
  /** The run's name: the vector when the name field took it. */
  readonly name: string;
}

export interface HostileFixture {
  /** The sweep of one child per vector; its note and its artifact megabyte.txt are one megabyte. */
  readonly sweepId: string;
  readonly children: readonly HostileChild[];
  /** Experiments named by a vector, each with one run. */
  readonly experiments: ReadonlyArray<{ readonly vector: HostileVector; readonly runId: string }>;
  /** Sweeps whose objective is a vector. */
  readonly objectiveSweeps: ReadonlyArray<{ readonly vector: HostileVector; readonly id: string }>;
  /** `field:label` for each refusal seen, so the test can check each documented one happened. */
  readonly refusals: readonly string[];
}

/** A 1 × 1 grey PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCB3H0K2wAAAABJRU5ErkJggg==", "base64");

export const accepts = (field: Field, vector: HostileVector): boolean => vector.refused[field] === undefined;

/** Writes the store into `dir`; `scratch` is a folder for the files it copies in. */
export async function writeHostileStore(dir: string, scratch: string): Promise<HostileFixture> {
  const png = join(scratch, "image.png");
  writeFileSync(png, PNG);
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false, fsync: false });
  const refusals: string[] = [];

  /** Runs `write` with the vector in `field`: it must succeed, or throw the documented code. */
  function attempt(field: Field, vector: HostileVector, write: () => unknown): boolean {
    const code = vector.refused[field];
    if (code === undefined) {
      write();
      return true;
    }
    assert.throws(write, (error: unknown) => error instanceof RuntreeError && error.code === code, `${field} refuses ${vector.label} with ${code}`);
    refusals.push(`${field}:${vector.label}`);
    return false;
  }

  const keys = VECTORS.filter((v) => accepts("metricKey", v)).map((v) => v.text);
  const experiment = store.experiment("hostile", {
    description: MEGABYTE,
    tags: Object.fromEntries([["t", VECTORS[0]!.text], ...keys.map((key) => [key, `tag ${key}`])]),
  });
  const children: HostileChild[] = [];
  const sweep = experiment.startRun({ name: "sweep", objective: { metric: "loss", goal: "min" }, description: MEGABYTE });
  for (const [i, vector] of VECTORS.entries()) {
    let child: Run | undefined;
    if (!attempt("runName", vector, () => (child = sweep.startChild({ name: vector.text })))) child = sweep.startChild({ name: `refused name ${i}` });
    const run = child!;
    children.push({ vector, id: run.id, name: run.name });
    const shared = (i * 7) % 11;
    attempt("paramKey", vector, () => run.logParam(vector.text, shared));
    run.logParams({ i, ...Object.fromEntries(keys.map((key) => [key, shared])) });
    if (!attempt("paramValue", vector, () => run.logParam("v", vector.text))) run.logParam("v", `refused value ${i}`);
    if (!attempt("tagValue", vector, () => run.setTag("t", vector.text))) run.setTag("t", `refused value ${i}`);
    attempt("tagKey", vector, () => run.setTag(vector.text, "tag value"));
    for (let step = 0; step < 4; step++) {
      run.logMetrics({ loss: 1 / (i + 2) + 1 / (step + 1), ...Object.fromEntries(keys.map((key, k) => [key, ((i + k) % 5) + step])) }, { step });
    }
    attempt("metricKey", vector, () => run.logMetric(vector.text, 10, { step: 4 }));
    attempt("artifact", vector, () => run.logText(vector.text, vector.text));
    run.logText(vector.text, "notes.txt");
    if (i % 9 === 0 && accepts("artifact", vector)) run.logArtifact(png, `${vector.text}.png`);
    await run.end(i % 13 === 5 ? "FAILED" : "FINISHED");
  }
  sweep.logText(MEGABYTE, "megabyte.txt");
  await sweep.end();

  const objectiveSweeps: Array<{ vector: HostileVector; id: string }> = [];
  for (const vector of VECTORS) {
    const objective = { metric: vector.text, goal: "max" } as const;
    if (!accepts("objective", vector)) {
      attempt("objective", vector, () => experiment.startRun({ name: "refused", objective }));
      continue;
    }
    await experiment.run({ name: `objective ${vector.label}`, objective }, async (parent) => {
      objectiveSweeps.push({ vector, id: parent.id });
      for (let i = 0; i < 3; i++) {
        await parent.child({ name: `${vector.text} ${i}`, params: { [vector.text]: i } }, (c) => c.logMetrics({ [vector.text]: i, loss: 3 - i }));
      }
    });
  }

  const experiments: Array<{ vector: HostileVector; runId: string }> = [];
  for (const vector of VECTORS) {
    if (!accepts("experiment", vector)) {
      attempt("experiment", vector, () => store.experiment(vector.text));
      continue;
    }
    const named = store.experiment(vector.text, { description: vector.text });
    await named.run({ name: vector.text, params: { v: vector.text } }, (run) => {
      experiments.push({ vector, runId: run.id });
      run.logMetric("loss", 1);
    });
  }
  return { sweepId: sweep.id, children, experiments, objectiveSweeps, refusals };
}

