/**
 * Ways a store gets damaged (a hand edit, a torn write, a bad merge, a newer runtree, a hostile pull
 * request), each applied beside good runs. A damage knows what it breaks and which problems (file, code,
 * reason) the readers must report for it; `test/damaged-store.test.ts` checks every one alone and all
 * together through readStore, searchRuns, runtree check and the report.
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { experimentDir, openStore, type Run } from "../../src/index.js";

/** A string that must never leave the files outside the store. */
export const SECRET = "TOP-SECRET-0f9e8d";

export interface Expected {
  /** Path relative to the store root. */
  readonly file: string;
  readonly code: string;
  readonly message: RegExp;
}

export interface DamageContext {
  readonly root: string;
  /** A folder outside the store, holding files the store must never publish. */
  readonly outside: string;
  /** A new finished run in experiment "damaged" (with a metric history), to break. */
  run(name: string): Promise<Run>;
}

export interface Damage {
  readonly name: string;
  readonly apply: (ctx: DamageContext) => Promise<readonly Expected[]>;
}

const DAMAGED = experimentDir("damaged");
const runJson = (run: Run) => join(run.dir, "run.json");
const at = (run: Run, file = "run.json") => `${DAMAGED}/${run.id}/${file}`;
const record = (run: Run) => JSON.parse(readFileSync(runJson(run), "utf8")) as Record<string, unknown>;
const rewrite = (run: Run, fields: Record<string, unknown>) => writeFileSync(runJson(run), JSON.stringify({ ...record(run), ...fields }));

export const DAMAGES: readonly Damage[] = [
  { name: "an empty run.json", apply: async (ctx) => {
    const run = await ctx.run("empty");
    writeFileSync(runJson(run), "");
    return [{ file: at(run), code: "CORRUPT_FILE", message: /^not valid JSON: the file is empty$/ }];
  } },
  { name: "a truncated run.json", apply: async (ctx) => {
    const run = await ctx.run("truncated");
    writeFileSync(runJson(run), readFileSync(runJson(run), "utf8").slice(0, 120));
    return [{ file: at(run), code: "CORRUPT_FILE", message: /^not valid JSON: / }];
  } },
  { name: "invalid JSON", apply: async (ctx) => {
    const run = await ctx.run("invalid");
    writeFileSync(runJson(run), "{ format: 1, 'id': nope }");
    return [{ file: at(run), code: "CORRUPT_FILE", message: /^not valid JSON: / }];
  } },
  { name: "valid JSON of the wrong types", apply: async (ctx) => {
    const run = await ctx.run("wrong types");
    rewrite(run, { status: 7, params: "lr=0.1" });
    return [{ file: at(run), code: "SCHEMA_VIOLATION", message: /^\/(status|params): / }];
  } },
  { name: "an unknown field", apply: async (ctx) => {
    const run = await ctx.run("unknown field");
    rewrite(run, { injected: "<script>alert(1)</script>" });
    return [{ file: at(run), code: "SCHEMA_VIOLATION", message: /unexpected field "injected"/ }];
  } },
  { name: "a future format version in run.json, experiment.json and metrics.jsonl", apply: async (ctx) => {
    const run = await ctx.run("from the future");
    rewrite(run, { format: 2, shinyNewField: true });
    const history = await ctx.run("history from the future");
    const lines = readFileSync(join(history.dir, "metrics.jsonl"), "utf8").split("\n");
    writeFileSync(join(history.dir, "metrics.jsonl"), [JSON.stringify({ format: 2, run: history.id }), ...lines.slice(1).map((line) => line.replace('"key"', '"k"'))].join("\n"));
    const future = join(ctx.root, "future");
    mkdirSync(future);
    writeFileSync(join(future, "experiment.json"), JSON.stringify({ format: 3, name: "future", color: "blue" }));
    const newer = /^written by a newer runtree \(format \d\); this runtree reads format 1: upgrade runtree to read it$/;
    return [
      { file: at(run), code: "FUTURE_FORMAT", message: newer },
      { file: `${at(history, "metrics.jsonl")}:1`, code: "FUTURE_FORMAT", message: newer },
      { file: "future/experiment.json", code: "FUTURE_FORMAT", message: newer },
    ];
  } },
  { name: "binary garbage in run.json", apply: async (ctx) => {
    const run = await ctx.run("garbage");
    writeFileSync(runJson(run), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)));
    return [{ file: at(run), code: "CORRUPT_FILE", message: /^not valid JSON: / }];
  } },
  { name: "a garbage line in the middle of metrics.jsonl", apply: async (ctx) => {
    const run = await ctx.run("garbage line");
    const lines = readFileSync(join(run.dir, "metrics.jsonl"), "utf8").split("\n");
    lines.splice(3, 0, "\u0000\u0001 not json {{{");
    writeFileSync(join(run.dir, "metrics.jsonl"), lines.join("\n"));
    return [{ file: `${at(run, "metrics.jsonl")}:4`, code: "CORRUPT_FILE", message: /line is not valid JSON/ }];
  } },
  { name: "a torn last line of metrics.jsonl", apply: async (ctx) => {
    const run = await ctx.run("torn");
    appendFileSync(join(run.dir, "metrics.jsonl"), '{"key":"loss","value":0.1,"st');
    return [{ file: `${at(run, "metrics.jsonl")}:8`, code: "CORRUPT_FILE", message: /line is not valid JSON/ }];
  } },
  { name: "metrics.jsonl without run.json", apply: async (ctx) => {
    const run = await ctx.run("headless");
    rmSync(runJson(run));
    return [{ file: at(run), code: "MISSING_FILE", message: /missing/ }];
  } },
  { name: "a missing experiment.json", apply: async (ctx) => {
    const store = openStore(ctx.root, { captureSource: false });
    const lost = store.experiment("lost experiment");
    await lost.run({ name: "still here" }, (run) => run.logMetric("loss", 1));
    rmSync(join(lost.path, "experiment.json"));
    return [{ file: `${experimentDir("lost experiment")}/experiment.json`, code: "MISSING_FILE", message: /missing/ }];
  } },
  { name: "a run folder named for another id", apply: async (ctx) => {
    const run = await ctx.run("renamed");
    const other = "f".repeat(32);
    cpSync(run.dir, join(ctx.root, DAMAGED, other), { recursive: true });
    rmSync(run.dir, { recursive: true });
    return [{ file: `${DAMAGED}/${other}/run.json`, code: "MISPLACED_RUN", message: new RegExp(`run id inside is ${run.id} but the directory is ${other}`) }];
  } },
  { name: "the same run id in two experiments (a copy, and a copy edited to match its folder)", apply: async (ctx) => {
    const run = await ctx.run("twin");
    const store = openStore(ctx.root, { captureSource: false });
    const [copy, edited] = [store.experiment("copy"), store.experiment("edited copy")];
    cpSync(run.dir, join(copy.path, run.id), { recursive: true });
    cpSync(run.dir, join(edited.path, run.id), { recursive: true });
    const file = join(edited.path, run.id, "run.json");
    writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, "utf8")) as object), experiment: "edited copy" }));
    return [
      { file: `${experimentDir("copy")}/${run.id}/run.json`, code: "MISPLACED_RUN", message: /run belongs to experiment "damaged"/ },
      { file: `${experimentDir("edited copy")}/${run.id}/run.json`, code: "DUPLICATE_RUN", message: new RegExp(`run ${run.id} is also in ${DAMAGED}/; skipped`) },
    ];
  } },
  { name: "an orphan, a parent loop and a self-parent", apply: async (ctx) => {
    const [orphan, a, b, self] = await Promise.all(["orphan", "loop a", "loop b", "self"].map((name) => ctx.run(name)));
    rewrite(orphan!, { parentId: "e".repeat(32) });
    rewrite(a!, { parentId: b!.id });
    rewrite(b!, { parentId: a!.id });
    rewrite(self!, { parentId: self!.id });
    return [
      { file: at(orphan!), code: "ORPHAN_RUN", message: new RegExp(`names parent run ${"e".repeat(32)}`) },
      { file: at(a!), code: "PARENT_CYCLE", message: /loop/ },
      { file: at(b!), code: "PARENT_CYCLE", message: /loop/ },
      { file: at(self!), code: "PARENT_CYCLE", message: /itself/ },
    ];
  } },
  { name: "symbolic links pointing outside the store", apply: async (ctx) => {
    // Outside: a valid-looking experiment and run, a secret; inside: links to them where data should be.
    const store = openStore(join(ctx.outside, "elsewhere"), { captureSource: false });
    const foreign = store.experiment("foreign");
    let foreignRun = "";
    await foreign.run({ name: SECRET, params: { secret: SECRET } }, (run) => {
      foreignRun = run.id;
      run.logMetric("loss", 1);
    });
    writeFileSync(join(ctx.outside, "secret.json"), JSON.stringify({ format: 1, secret: SECRET }));
    mkdirSync(join(ctx.outside, "secrets"));
    writeFileSync(join(ctx.outside, "secrets", "key.txt"), SECRET);
    const linkedFile = await ctx.run("linked run.json");
    rmSync(runJson(linkedFile));
    symlinkSync(join(ctx.outside, "secret.json"), runJson(linkedFile));
    const linkedHistory = await ctx.run("linked history");
    rmSync(join(linkedHistory.dir, "metrics.jsonl"));
    symlinkSync(join(foreign.path, foreignRun, "metrics.jsonl"), join(linkedHistory.dir, "metrics.jsonl"));
    const linkedArtifacts = await ctx.run("linked artifacts folder");
    symlinkSync(join(ctx.outside, "secrets"), join(linkedArtifacts.dir, "artifacts"));
    const linkedArtifact = await ctx.run("linked artifact");
    mkdirSync(join(linkedArtifact.dir, "artifacts", "plots"), { recursive: true });
    writeFileSync(join(linkedArtifact.dir, "artifacts", "plots", "ok.txt"), "fine");
    symlinkSync(join(ctx.outside, "secrets", "key.txt"), join(linkedArtifact.dir, "artifacts", "plots", "key.txt"));
    symlinkSync(foreign.path, join(ctx.root, "linked-experiment"));
    symlinkSync(join(foreign.path, foreignRun), join(ctx.root, DAMAGED, foreignRun));
    const link = /^a symbolic link; not followed \(a store holds plain files and folders\)$/;
    return [
      { file: "linked-experiment", code: "SYMBOLIC_LINK", message: link },
      { file: `${DAMAGED}/${foreignRun}`, code: "SYMBOLIC_LINK", message: link },
      { file: at(linkedFile), code: "SYMBOLIC_LINK", message: link },
      { file: at(linkedHistory, "metrics.jsonl"), code: "SYMBOLIC_LINK", message: link },
      { file: at(linkedArtifacts, "artifacts"), code: "SYMBOLIC_LINK", message: link },
      { file: at(linkedArtifact, "artifacts/plots/key.txt"), code: "SYMBOLIC_LINK", message: link },
    ];
  } },
];
