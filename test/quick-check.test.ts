/**
 * The fast checks of run.json and experiment.json against ajv and the schemas: they must never accept a
 * record a schema refuses, and they must accept the records the library writes (or they save nothing).
 * Compared on real files written through the API, on hand-picked edge cases, and on thousands of seeded
 * mutations of them.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { test } from "node:test";

import { openStore } from "../src/index.js";
import { isExperimentFile, isRunFile, lastSchemaProblem, quickAccepts, schemaAccepts } from "../src/format/schema.js";
import { KNOWN_FIELDS } from "../src/format/quick-check.js";
import { seededRandom } from "../scripts/seeded-random.js";

type Json = Record<string, unknown>;

const quickAcceptsRunFile = (data: unknown) => quickAccepts("run", data);
const schemaAcceptsRunFile = (data: unknown) => schemaAccepts("run", data);

/** experiment.json files as the library writes them: bare, and with a description and tags. */
async function writtenExperiments(): Promise<Json[]> {
  const root = mkdtempSync(join(tmpdir(), "runtree-check-"));
  try {
    const store = openStore(join(root, "mlruns"), { captureSource: false, fsync: false });
    const experiments = [store.experiment("plain"), store.experiment("Tabular: churn", { description: "d", tags: { team: "x", "a/b": "" } })];
    const records: Json[] = [];
    for (const exp of experiments) {
      await exp.startRun({ name: "r" }).end();
      records.push(JSON.parse(readFileSync(join(store.root, exp.dir, "experiment.json"), "utf8")) as Json);
    }
    return records;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

let written: Promise<Json[]> | undefined;
/** run.json files as the library writes them (made once for all the tests; each gets copies). */
async function writtenRecords(): Promise<Json[]> {
  return structuredClone(await (written ??= writeRecords()));
}

/** A sweep with an objective and a best child, its trials, a live run with its owner. */
async function writeRecords(): Promise<Json[]> {
  const root = mkdtempSync(join(tmpdir(), "runtree-check-"));
  try {
    const store = openStore(join(root, "mlruns"), { captureSource: true, fsync: false });
    const exp = store.experiment("Tabular: churn");
    const dirs: string[] = [];
    await exp.run({ name: "sweep", params: { model: "mlp", epochs: 3 }, tags: { team: "x" }, objective: { metric: "val_loss", goal: "min" } }, async (parent) => {
      dirs.push(parent.dir);
      for (let i = 0; i < 3; i++) {
        await parent.child({ name: `trial-${i}`, params: { lr: 10 ** -i, flag: i === 1, "optim/name": "adam" } }, (child) => {
          dirs.push(child.dir);
          child.logMetric("val_loss", i === 2 ? NaN : 0.5 - i / 10, { step: i });
          child.logMetric("über acc", Infinity);
          child.setTag("mlflow.note", "ok");
        });
      }
    });
    const live = exp.startRun({ name: "live", params: { constructor: "x", __proto__: "y" } });
    live.logMetric("loss", -0);
    dirs.push(live.dir);
    // A deleted sweep: its record and its trials' (each naming the ancestor it went with).
    await store.deleteRun(basename(dirs[0]!));
    const records = dirs.map((dir) => JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as Json);
    await live.end();
    return records;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const HOSTILE: readonly unknown[] = [null, [], {}, "", "x", -1, 0, 1.5, true, false, "NaN", "nan", 1e300, JSON.parse("1e400"), "a".repeat(7000), [1]];
const BAD_KEYS = ["", "..a", "/a", "a/", "a//b", "a/./b", "a/../b", ".", "..", "a\u0000", "a\nb", "a\"b", "a".repeat(251), "é".repeat(251), "tab\t", "emoji😀"];
const GOOD_KEYS = ["a", "a.b", "a/b", "A-1_b:c d", "über", "ключ", "数据", "٣", "a.", ".a", "a..b", "__proto__", "constructor", "a".repeat(250)];

/** Every path to a value in `value`, objects only (arrays do not occur in a valid run.json). */
function paths(value: unknown, at: string[] = []): string[][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [at];
  return [at, ...Object.keys(value).flatMap((key) => paths((value as Json)[key], [...at, key]))];
}

function edit(record: Json, path: readonly string[], change: (parent: Json, key: string) => void): Json {
  const copy = structuredClone(record);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Json;
  change(parent, path[path.length - 1]!);
  return copy;
}

/** Records obtained by changing one thing in `record`: each value replaced, each field removed, one added, keys renamed. */
function mutations(record: Json): Json[] {
  const out: Json[] = [];
  for (const path of paths(record)) {
    if (path.length === 0) continue;
    for (const value of HOSTILE) out.push(edit(record, path, (parent, key) => void (parent[key] = value)));
    out.push(edit(record, path, (parent, key) => void delete parent[key]));
    out.push(edit(record, path, (parent, key) => void Object.defineProperty(parent, `${key}x`, { value: 1, enumerable: true })));
    if (["params", "tags", "metrics"].includes(path[path.length - 2] ?? "")) {
      for (const bad of [...BAD_KEYS, ...GOOD_KEYS]) {
        out.push(edit(record, path, (parent, key) => {
          const value = parent[key];
          delete parent[key];
          parent[bad] = value;
        }));
      }
    }
  }
  return out;
}

/**
 * A record through JSON, as a reader gets it (`__proto__` becomes an own key, as JSON.parse makes it). An
 * infinity stands for a number too big for a double in the file (`1e400`, which JSON.parse reads as one).
 */
function reparsed(record: Json): unknown {
  const text = JSON.stringify(record, (_, value: unknown) => (value === Infinity ? "<too big>" : value));
  return JSON.parse(text.replaceAll('"<too big>"', "1e400"));
}

test("the fast check accepts every run.json the library writes, as the schema does", async () => {
  const records = await writtenRecords();
  assert.equal(records.length, 5);
  for (const record of records) {
    assert.equal(schemaAcceptsRunFile(record), true, JSON.stringify(record));
    assert.equal(quickAcceptsRunFile(record), true, JSON.stringify(record));
  }
});

test("the fast check and ajv agree on every one-change mutation of the written records", async () => {
  const corpus = (await writtenRecords()).flatMap(mutations).map(reparsed);
  assert.ok(corpus.length > 2000, `only ${corpus.length} records`);
  let valid = 0;
  for (const record of corpus) {
    const schema = schemaAcceptsRunFile(record);
    assert.equal(quickAcceptsRunFile(record), schema, JSON.stringify(record).slice(0, 400));
    if (schema) valid++;
  }
  // Both sides are exercised: many mutations stay valid (renamed keys, optional fields), most do not.
  assert.ok(valid > 200 && valid < corpus.length / 2, `${valid} of ${corpus.length} valid`);
});

/** One random change: a value replaced, a field removed or added, or a key renamed (to a good or a bad key). */
function randomChange(record: Json, random: () => number): Json {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const path = pick(paths(record).filter((at) => at.length > 0));
  const kind = random();
  if (kind < 0.5) return edit(record, path, (parent, key) => void (parent[key] = pick(HOSTILE)));
  if (kind < 0.6) return edit(record, path, (parent, key) => void delete parent[key]);
  if (kind < 0.7) return edit(record, path, (parent, key) => void (parent[pick(GOOD_KEYS)] = parent[key]));
  return edit(record, path, (parent, key) => {
    const value = parent[key];
    delete parent[key];
    parent[pick([...BAD_KEYS, ...GOOD_KEYS])] = value;
  });
}

test("the fast check and ajv agree on seeded random mutations, several changes at a time", async () => {
  const bases = await writtenRecords();
  const random = seededRandom(14);
  let valid = 0;
  for (let i = 0; i < 5000; i++) {
    let record = bases[i % bases.length]!;
    for (let changes = 1 + Math.floor(random() * 3); changes > 0; changes--) record = randomChange(record, random);
    const data = reparsed(record);
    const schema = schemaAcceptsRunFile(data);
    assert.equal(quickAcceptsRunFile(data), schema, JSON.stringify(data).slice(0, 400));
    if (schema) valid++;
  }
  assert.ok(valid > 100, `only ${valid} valid`);
});

test("the fast check and ajv agree on experiment.json as written and on its mutations", async () => {
  const written = await writtenExperiments();
  assert.equal(written.length, 2);
  const corpus = [...written, ...written.flatMap(mutations)].map(reparsed);
  const random = seededRandom(7);
  for (let i = 0; i < 1000; i++) corpus.push(reparsed(randomChange(randomChange(written[i % 2]!, random), random)));
  let valid = 0;
  for (const record of corpus) {
    const schema = schemaAccepts("experiment", record);
    assert.equal(quickAccepts("experiment", record), schema, JSON.stringify(record).slice(0, 400));
    if (schema) valid++;
  }
  assert.ok(valid >= 2 && valid < corpus.length / 2, `${valid} of ${corpus.length} valid`);
  assert.equal(isExperimentFile({ format: 1, name: "𝒜".repeat(200) }), true);
  assert.equal(quickAccepts("experiment", { format: 1, name: "𝒜".repeat(200) }), false);
});

test("the fast checks know every field the schemas allow, so that none sends good files the slow way", () => {
  const schema = (name: string) => JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), "utf8")) as Json;
  const run = schema("run.schema.json")["properties"] as Record<string, Json>;
  const fields = (at: Json | undefined) => Object.keys((at?.["properties"] ?? {}) as Json).sort();
  const sorted = (names: readonly string[]) => [...names].sort();
  assert.deepEqual(Object.keys(run).sort(), sorted(KNOWN_FIELDS.run));
  assert.deepEqual(fields(run["metrics"]?.["additionalProperties"] as Json), sorted(KNOWN_FIELDS.metricSummary));
  assert.deepEqual(fields(run["objective"]), sorted(KNOWN_FIELDS.objective));
  assert.deepEqual(fields(run["bestChild"]), sorted(KNOWN_FIELDS.bestChild));
  assert.deepEqual(fields(run["deleted"]), sorted(KNOWN_FIELDS.deleted));
  assert.deepEqual(fields(run["source"]), sorted(KNOWN_FIELDS.source));
  assert.deepEqual(fields((run["source"]?.["properties"] as Record<string, Json>)["git"]), sorted(KNOWN_FIELDS.git));
  assert.deepEqual(fields(run["owner"]), sorted(KNOWN_FIELDS.owner));
  assert.deepEqual(fields(schema("experiment.schema.json")), sorted(KNOWN_FIELDS.experiment));
  assert.deepEqual(fields((schema("metric-line.schema.json")["$defs"] as Record<string, Json>)["point"]), sorted(KNOWN_FIELDS.metricPoint));
});

/** Point lines of metrics.jsonl as the library writes them: plain numbers, NaN, the infinities, odd keys. */
async function writtenPoints(): Promise<Json[]> {
  const root = mkdtempSync(join(tmpdir(), "runtree-check-"));
  try {
    const store = openStore(join(root, "mlruns"), { captureSource: false, fsync: false });
    const run = store.experiment("points").startRun({ name: "r" });
    run.logMetrics({ loss: 0.5, "train/acc": NaN, über: Infinity, "a b": -Infinity, constructor: -0 }, { step: 3 });
    run.logMetric("loss", 1e-300, { step: -2 });
    await run.end();
    const lines = readFileSync(join(run.dir, "metrics.jsonl"), "utf8").trim().split("\n").slice(1);
    return lines.map((line) => JSON.parse(line) as Json);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("the fast check and ajv agree on metric lines as written and on their mutations", async () => {
  const written = await writtenPoints();
  assert.equal(written.length, 6);
  const random = seededRandom(3);
  const corpus = [...written, ...written.flatMap(mutations)].map(reparsed);
  for (let i = 0; i < 2000; i++) corpus.push(reparsed(randomChange(randomChange(written[i % written.length]!, random), random)));
  for (const key of [...BAD_KEYS, ...GOOD_KEYS]) corpus.push({ ...written[0], key });
  let valid = 0;
  for (const record of corpus) {
    const schema = schemaAccepts("metricPoint", record);
    assert.equal(quickAccepts("metricPoint", record), schema, JSON.stringify(record).slice(0, 400));
    if (schema) valid++;
  }
  assert.ok(valid >= 6 && valid < corpus.length / 2, `${valid} of ${corpus.length} valid`);
});

test("a string within its limit only in code points is left to ajv, which accepts it", async () => {
  const [base] = await writtenRecords();
  const astral = "𝒜".repeat(200); // 200 code points, 400 UTF-16 units; a letter, so a valid key
  for (const record of [
    edit(base!, ["name"], (parent, key) => void (parent[key] = astral)),
    edit(base!, ["params"], (parent, key) => void (parent[key] = { [astral]: 1 })),
    edit(base!, ["tags"], (parent, key) => void (parent[key] = { t: "😀".repeat(5000) })),
  ]) {
    assert.equal(quickAcceptsRunFile(record), false);
    assert.equal(schemaAcceptsRunFile(record), true);
    assert.equal(isRunFile(record), true);
  }
});

test("a record the fast check refuses is still worded by ajv, naming the field", async () => {
  const [base] = await writtenRecords();
  assert.equal(isRunFile(edit(base!, ["startTime"], (parent, key) => void (parent[key] = -5))), false);
  assert.deepEqual(lastSchemaProblem(), { pointer: "/startTime", message: "must be >= 0" });
  assert.equal(isRunFile(base), true);
  assert.deepEqual(lastSchemaProblem(), { pointer: "", message: "does not match the schema" });
});
