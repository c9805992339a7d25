/**
 * A damaged store, one damage at a time and all together, beside good runs: readStore and searchRuns
 * complete, each problem is reported once with its file and reason, every good run reads back exactly as
 * written, `runtree check` exits 1 naming each, and the report builds, lists each, and publishes nothing
 * from outside the store. The damages are in `test/cases/damaged-store.ts`.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openStore, readStore, type Problem, type RunRecord } from "../src/index.js";
import { checkStore } from "../src/load/check-store.js";
import { buildReport } from "../src/report/build.js";
import { DAMAGES, SECRET, type Damage, type Expected } from "./cases/damaged-store.js";
import { fakeAssets, filesOf, id, read, removeTemps, tempDir, writeExperiment } from "./report-fixtures.js";
import { runCli } from "./workers/cli-runner.js";

after(removeTemps);

let template = "";
let good: readonly RunRecord[] = [];

/** The good part of every store below: a sweep with children, histories and an artifact, and a lone run. */
before(async () => {
  template = join(tempDir(), "mlruns");
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(template, { clock: () => (now += 1000), captureSource: false });
  await store.experiment("good").run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    for (const lr of [0.1, 0.01, 0.001]) {
      await sweep.child({ name: `lr=${lr}`, params: { lr, opt: "adam" }, tags: { round: "1" } }, (trial) => {
        for (let step = 0; step < 5; step++) trial.logMetric("loss", lr * 10 + 1 / (step + 1), { step });
        trial.logText(`notes for ${lr}`, "notes.txt");
      });
    }
  });
  await store.experiment("good too").run({ name: "lone", params: { seed: 7 } }, (run) => run.logMetric("acc", 0.9));
  good = (await readStore(template)).runs;
});

/** A copy of the good store with `damages` applied; the problems they must cause. */
async function damagedStore(damages: readonly Damage[]): Promise<{ root: string; expected: Expected[] }> {
  const dir = tempDir("runtree-damaged-");
  const root = join(dir, "mlruns");
  cpSync(template, root, { recursive: true });
  const outside = join(dir, "outside");
  mkdirSync(outside);
  let now = Date.UTC(2026, 1, 1);
  const store = openStore(root, { clock: () => (now += 1000), captureSource: false });
  const ctx = {
    root,
    outside,
    run: (name: string) =>
      store.experiment("damaged").run({ name, params: { p: 1 } }, (run) => {
        for (let step = 0; step < 6; step++) run.logMetric("loss", 1 / (step + 1), { step });
        return run;
      }),
  };
  const expected: Expected[] = [];
  for (const damage of damages) expected.push(...(await damage.apply(ctx)));
  return { root, expected };
}

/** `found` is exactly `expected` (each once), compared by file and code, with each message as expected. */
function assertProblems(found: readonly Problem[], expected: readonly Expected[], where: string): void {
  const key = (p: { file: string; code: string }) => `${p.file} ${p.code}`;
  assert.deepEqual(found.map(key).sort(), expected.map(key).sort(), `${where}: ${JSON.stringify(found, null, 2)}`);
  for (const problem of found) {
    const want = expected.find((e) => key(e) === key(problem))!;
    assert.match(problem.message, want.message, `${where}: ${problem.file}`);
    assert.ok(!problem.message.includes(SECRET), `${where}: a problem quotes a file from outside the store`);
  }
}

/**
 * Problems of files the store's readers never open (a finished run's history, its artifacts) show in check
 * and the report only, which look at them.
 */
const unread = (e: Expected) => /metrics\.jsonl(:\d+)?$/.test(e.file) || /\/artifacts(\/|$)/.test(e.file);

function assertGoodRunsIntact(runs: readonly RunRecord[], where: string): void {
  for (const want of good) {
    const run = runs.find((r) => r.id === want.id && r.experiment === want.experiment);
    assert.ok(run, `${where}: good run ${want.name} is there`);
    const { dir: _a, ...got } = run;
    const { dir: _b, ...expected } = want;
    assert.deepEqual(got, expected, `${where}: good run ${want.name} is intact`);
  }
}

async function assertDamageHandled(damages: readonly Damage[], where: string): Promise<void> {
  const { root, expected } = await damagedStore(damages);

  const snapshot = await readStore(root);
  assertProblems(snapshot.problems, expected.filter((e) => !unread(e)), `${where}, readStore`);
  assertGoodRunsIntact(snapshot.runs, `${where}, readStore`);
  assert.ok(!snapshot.runs.some((run) => JSON.stringify(run).includes(SECRET)), `${where}: a run read from outside the store`);

  const store = openStore(root);
  assertGoodRunsIntact(await store.searchRuns(), `${where}, searchRuns`);
  const trials = await store.searchRuns({ experiment: "good", filter: "params.opt = 'adam'", orderBy: ["metrics.loss ASC"] });
  assert.deepEqual(trials.map((run) => run.name), ["lr=0.001", "lr=0.01", "lr=0.1"]);

  assertProblems((await checkStore(root)).problems, expected, `${where}, checkStore`);
  const cli = await runCli(["check", root]);
  assert.equal(cli.code, 1, `${where}: runtree check exits 1`);
  for (const e of expected) assert.ok(cli.stdout.includes(`${e.file}: `), `${where}: runtree check names ${e.file}`);

  const out = join(tempDir(), "out");
  const result = await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
  assertProblems(result.problems, expected, `${where}, report`);
  for (const run of good) assert.ok(filesOf(out).includes(`runs/${run.id}/index.html`), `${where}: good run ${run.name} has its page`);
  const problemsPage = read(out, "problems.html");
  for (const e of expected) assert.ok(problemsPage.includes(e.code), `${where}: the problems page lists ${e.code}`);
  for (const file of filesOf(out)) assert.ok(!read(out, file).includes(SECRET), `${where}: ${file} publishes a file from outside the store`);
}

describe("a damaged store beside good runs", { timeout: 120_000 }, () => {
  for (const damage of DAMAGES) {
    test(`${damage.name}: reported once with its file and reason by every reader; the good runs are intact`, async () => {
      await assertDamageHandled([damage], damage.name);
    });
  }

  test("every damage at once: each reported once, the good runs intact, the report built", async () => {
    await assertDamageHandled(DAMAGES, "all together");
  });
});

describe("a hand-made chain of runs", { timeout: 120_000 }, () => {
  test("a chain 300 runs deep builds pages of bounded size: each names its nearest ancestors, the top one and the gap, and 100 rows of descendants", async () => {
    const root = join(tempDir(), "mlruns");
    const depth = 300;
    writeExperiment(root, "deep", Array.from({ length: depth }, (_, i) => ({ n: i + 1, ...(i > 0 && { parent: i }) })));
    const out = join(tempDir(), "out");
    await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
    const page = read(out, `runs/${id(depth)}/index.html`);
    const trail = /<nav class="breadcrumb"[^>]*><ol>([\s\S]*?)<\/ol><\/nav>/.exec(page)![1]!;
    const crumbs = [...trail.matchAll(/<li[^>]*>(?:<a href="([^"]*)">)?([^<]*)/g)].map((m) => [m[1] ?? "", m[2]!]);
    assert.deepEqual(crumbs.slice(1), [
      [`../${id(1)}/index.html`, "run-1"],
      [`../${id(291)}/index.html`, "… 290 more"],
      ...Array.from({ length: 8 }, (_, i) => [`../${id(292 + i)}/index.html`, `run-${292 + i}`]),
      ["", "run-300"],
    ]);
    const middle = read(out, `runs/${id(100)}/index.html`);
    assert.equal((middle.match(/<tr data-run-id=/g) ?? []).length, 101, "the child and its first 100 descendants");
    assert.match(middle, /<tr class="more-row">/);
  });
});
