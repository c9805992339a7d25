/**
 * Incremental builds: a rebuild into the folder of an earlier report writes only the files whose bytes
 * change, and the folder then holds exactly what a build into an empty folder would. Stores are made through
 * the library, changed the ways people change them, and rebuilt after each change. The store's files are
 * either aged (as when a rebuild comes a while after the change: fingerprints are trusted and pages are
 * skipped) or left fresh (changed within the last seconds: nothing may be trusted).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, type Run } from "../src/index.js";
import { buildReport, type BuildOptions, type BuildResult } from "../src/report/build.js";
import { MANIFEST_FILE, readManifest, writeManifest, type FileGroup } from "../src/report/build-manifest.js";
import { FIXTURE } from "./mlflow-fixture.js";
import { age, fakeAssets, filesOf, hashTree, isSiteFile, removeTemps, tempDir, writeExperiment } from "./report-fixtures.js";
import { startWorker, stopAllWorkers } from "./workers/worker-process.js";

after(removeTemps);

function mtimes(root: string): Map<string, number> {
  return new Map(filesOf(root).filter(isSiteFile).map((path) => [path, statSync(join(root, path)).mtimeMs]));
}

/** A store of two experiments: a sweep with ended trials and a running one, and a plain experiment. */
async function makeStore() {
  const root = join(tempDir(), "mlruns");
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(root, { clock: () => (now += 1000), captureSource: false, fsync: false });
  const sweeps = store.experiment("sweeps");
  const sweep = sweeps.startRun({ name: "sweep", objective: { metric: "loss", goal: "min" } });
  const trials: Run[] = [];
  for (const lr of [0.1, 0.01]) {
    const trial = sweep.startChild({ name: `lr=${lr}`, params: { lr } });
    for (let step = 0; step < 5; step++) trial.logMetric("loss", lr * 10 + 1 / (step + 1), { step });
    await trial.end();
    trials.push(trial);
  }
  const running = sweep.startChild({ name: "running", params: { lr: 0.001 } });
  for (let step = 0; step < 3; step++) running.logMetric("loss", 0.5 - step / 100, { step });
  const plain = store.experiment("plain");
  const kept = plain.startRun({ name: "kept", params: { seed: 1 } });
  kept.logMetric("acc", 0.9);
  await kept.end();
  const doomed = plain.startRun({ name: "doomed", params: { seed: 2 } });
  doomed.logMetric("acc", 0.1);
  await doomed.end();
  return { root, store, sweeps, sweep, trials, running, plain, doomed };
}

interface Check {
  readonly result: BuildResult;
  /** Files whose bytes changed, appeared or disappeared. */
  readonly changed: string[];
}

/**
 * Rebuilds into `out` and asserts the rules: the folder equals a clean build with the same options, and a
 * file was rewritten (its mtime moved) exactly when its bytes changed.
 */
async function rebuild(out: string, options: Omit<BuildOptions, "out">): Promise<Check> {
  age(out);
  const before = hashTree(out);
  const times = mtimes(out);
  const result = await buildReport({ ...options, out });
  const clean = await buildReport({ ...options, out: join(tempDir(), "clean") });
  const after = hashTree(out);
  assert.deepEqual(after, hashTree(clean.out), "the rebuilt folder holds what a clean build does");
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path)).sort();
  const moved = [...mtimes(out)].filter(([path, mtime]) => times.get(path) !== mtime).map(([path]) => path).sort();
  assert.deepEqual(moved, changed.filter((path) => after.has(path)), "files were rewritten exactly when their bytes changed");
  assert.equal(result.written, moved.length);
  return { result, changed };
}

for (const aged of [true, false]) {
  describe(`rebuilding after each change, store files ${aged ? "aged" : "fresh"}`, () => {
    test("each rebuild writes only what changed and equals a clean build", async () => {
      const s = await makeStore();
      const assets = fakeAssets(tempDir());
      const out = join(tempDir(), "site");
      const base = { store: s.root, assets };
      if (aged) age(s.root);
      const first = await buildReport({ ...base, out });
      assert.equal(first.incremental, false);
      let child: Run | undefined;

      const steps: Array<[string, () => Promise<void> | void, Partial<BuildOptions>?]> = [
        ["nothing changed", () => {}],
        ["a top-level run is added", async () => void (await s.plain.run({ name: "added", params: { seed: 3 } }, (run) => run.logMetric("acc", 0.5)))],
        ["a child is added to the sweep", () => void (child = s.sweep.startChild({ name: "late", params: { lr: 0.5 } }))],
        ["points are added to a running child", () => {
          for (let step = 3; step < 6; step++) s.running.logMetric("loss", 0.4 - step / 100, { step });
        }],
        ["the running child ends", () => s.running.end()],
        ["the late child ends", () => child!.end()],
        ["an ended trial is tagged and noted (store edits)", () => s.store.setTags(s.trials[1]!.id, { best: "yes" }).then(() => s.store.setNote(s.trials[1]!.id, "*best*"))],
        ["an ended trial is deleted (soft)", async () => void (await s.store.deleteRun(s.trials[1]!.id))],
        ["the deleted trial is restored", async () => void (await s.store.restoreRun(s.trials[1]!.id))],
        ["an ended trial is renamed in place, same size (a hand edit)", () => {
          const file = join(s.trials[0]!.dir, "run.json");
          writeFileSync(file, readFileSync(file, "utf8").replace('"name": "lr=0.1"', '"name": "lr=0.9"'));
        }],
        ["a run is deleted", () => rmSync(s.doomed.dir, { recursive: true, force: true })],
        ["--filter changes", () => {}, { filter: "params.lr < 0.05" }],
        ["--experiment changes", () => {}, { experiments: ["plain"] }],
        ["the options are back", () => {}],
      ];
      for (const [what, change, options = {}] of steps) {
        await change();
        if (aged) age(s.root);
        const sameOptions = Object.keys(options).length === 0 && what !== "the options are back";
        const { result, changed } = await rebuild(out, { ...base, ...options });
        assert.equal(result.incremental, sameOptions, `${what}: incremental`);
        if (what === "nothing changed") assert.deepEqual(changed, [], "nothing to write");
        if (aged && sameOptions) assert.ok(result.reused > 0, `${what}: unchanged pages are taken over, not rendered`);
        if (what === "a run is deleted") {
          assert.ok(changed.includes(`runs/${s.doomed.id}/index.html`), "the deleted run's page is gone");
          assert.ok(!filesOf(out).some((path) => path.startsWith(`runs/${s.doomed.id}`)), "and its folder");
        }
        if (what === "an ended trial is deleted (soft)") {
          for (const page of ["experiments/sweeps/deleted.html", `runs/${s.sweep.id}/index.html`, `runs/${s.trials[1]!.id}/index.html`]) assert.ok(changed.includes(page), page);
        }
        if (what === "the deleted trial is restored") assert.ok(!existsSync(join(out, "experiments/sweeps/deleted.html")));
        if (what.startsWith("an ended trial is renamed")) {
          assert.ok(changed.includes(`runs/${s.trials[0]!.id}/index.html`), "the trial's page shows its new name");
          assert.ok(changed.includes(`runs/${s.sweep.id}/index.html`), "and so does its sweep's children table");
        }
        if (what === "points are added to a running child") {
          assert.ok(changed.includes(`runs/${s.running.id}/index.html`), "the running child's page shows its new points");
          assert.ok(changed.includes(`runs/${s.sweep.id}/index.html`), "and so does its sweep's");
        }
      }
    });
  });
}

describe("what a rebuild may trust", () => {
  test("with nothing changed, a rebuild takes every page over and writes no file", async () => {
    const s = await makeStore();
    const out = join(tempDir(), "site");
    const options = { store: s.root, assets: fakeAssets(tempDir()) };
    age(s.root);
    const first = await buildReport({ ...options, out });
    const { result } = await rebuild(out, options);
    assert.equal(result.written, 0);
    assert.equal(result.removed, 0);
    assert.equal(result.files, first.files);
    assert.equal(result.reused, 2 + 6, "2 experiments and 6 run pages");
  });

  test("a report written by another runtree is rebuilt clean, even where a patch would keep a wrong page", async () => {
    const s = await makeStore();
    const out = join(tempDir(), "site");
    const options = { store: s.root, assets: fakeAssets(tempDir()) };
    age(s.root);
    await buildReport({ ...options, out });
    const [header, ...rest] = readFileSync(join(out, MANIFEST_FILE), "utf8").split("\n");
    const older = { ...(JSON.parse(header!) as object), identity: "an older runtree" };
    writeFileSync(join(out, MANIFEST_FILE), [JSON.stringify(older), ...rest].join("\n"));
    // What an older runtree might have rendered differently, with the same size.
    const page = join(out, "runs", s.doomed.id, "index.html");
    writeFileSync(page, readFileSync(page, "utf8").replace("doomed", "DOOMED"));
    const { result } = await rebuild(out, options);
    assert.equal(result.incremental, false);
    assert.match(readFileSync(page, "utf8"), /doomed/);
  });

  test("other asset files make another identity: the report is rebuilt clean", async () => {
    const s = await makeStore();
    const out = join(tempDir(), "site");
    await buildReport({ store: s.root, out, assets: fakeAssets(tempDir()) });
    const assets = fakeAssets(tempDir());
    writeFileSync(assets.style, "/* another stylesheet */\n");
    const { result, changed } = await rebuild(out, { store: s.root, assets });
    assert.equal(result.incremental, false);
    assert.deepEqual(changed, ["assets/report.css"]);
  });

  test("a run's or an experiment's folder deleted from the output is made again", async () => {
    const s = await makeStore();
    const out = join(tempDir(), "site");
    const options = { store: s.root, assets: fakeAssets(tempDir()) };
    age(s.root);
    await buildReport({ ...options, out });
    rmSync(join(out, "runs", s.doomed.id), { recursive: true });
    rmSync(join(out, "experiments", "plain"), { recursive: true });
    const { result, changed } = await rebuild(out, options);
    assert.equal(result.incremental, true);
    assert.deepEqual(changed, ["experiments/plain/data.js", "experiments/plain/index.html", `runs/${s.doomed.id}/index.html`, `runs/${s.doomed.id}/summary.js`]);
  });

  test("a corrupt manifest is ignored and the report rebuilt clean", async () => {
    const s = await makeStore();
    const out = join(tempDir(), "site");
    const options = { store: s.root, assets: fakeAssets(tempDir()) };
    await buildReport({ ...options, out });
    const whole = readFileSync(join(out, MANIFEST_FILE), "utf8");
    for (const text of ["{", "[]", whole.slice(0, whole.length - 10), whole.replace("plain", "pla1n")]) {
      writeFileSync(join(out, MANIFEST_FILE), text);
      assert.equal((await rebuild(out, options)).result.incremental, false, text.slice(0, 40));
    }
  });

  test("a manifest naming files outside the report never gets them deleted", async () => {
    const s = await makeStore();
    const parent = tempDir();
    const out = join(parent, "site");
    const options = { store: s.root, assets: fakeAssets(tempDir()) };
    await buildReport({ ...options, out });
    writeFileSync(join(parent, "precious.txt"), "keep me");
    // A manifest that passes every check but names a file outside the report (a crafted one).
    const header = JSON.parse(readFileSync(join(out, MANIFEST_FILE), "utf8").split("\n")[0]!) as { runtree: string; identity: string; options: string };
    const manifest = (await readManifest(out, header))!;
    const site = { ...manifest.siteGroups, "run:x": { key: "k", files: { "../precious.txt": 7, "runs/../../precious.txt": 7 }, problems: [] } };
    const folders = [...manifest.folders];
    writeManifest(out, header, {
      site: site as Record<string, FileGroup>,
      groups: new Map(),
      folders: new Map(folders.map(([dir, note]) => [dir, { frozen: note.frozen }])),
      runs: [],
      carried: new Map(folders.map(([dir, note]) => [dir, note.shard])),
    });
    const { result } = await rebuild(out, options);
    assert.equal(result.incremental, true, "the manifest is trusted");
    assert.equal(readFileSync(join(parent, "precious.txt"), "utf8"), "keep me", "but not its path outside the report");
  });

  test("two builds into one folder at once wait for each other and leave one whole report", async () => {
    const s = await makeStore();
    const out = join(tempDir(), "site");
    const options = { store: s.root, assets: fakeAssets(tempDir()) };
    await Promise.all([buildReport({ ...options, out }), buildReport({ ...options, out, title: "other" })]);
    const last = await rebuild(out, options);
    assert.ok(!filesOf(out).some((path) => path.startsWith(".runtree-lock") || path.startsWith(".runtree-tmp")));
    assert.equal(last.result.files, filesOf(out).filter(isSiteFile).length, "the site's files and its marker");
  });

  test("an MLflow store is rebuilt by comparing bytes: nothing is written when nothing changed", async () => {
    const out = join(tempDir(), "site");
    const options = { store: FIXTURE, assets: fakeAssets(tempDir()) };
    await buildReport({ ...options, out });
    const { result } = await rebuild(out, options);
    assert.equal(result.incremental, true);
    assert.equal(result.written, 0);
  });
});

describe("a build killed midway", { timeout: 120_000 }, () => {
  after(stopAllWorkers);

  /** Polls (every millisecond) until `ready()`, giving up after `ms`. */
  async function until(ready: () => boolean, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (!ready()) {
      if (Date.now() > end) return false;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return true;
  }

  // Kill points: as the build starts writing, and once 1 and 30 of the 60 new run pages are written.
  for (const pages of [0, 1, 30]) {
    test(`killed with ${pages} new run pages written: what it leaves is never trusted, and the next build is clean`, async () => {
      const root = join(tempDir(), "mlruns");
      const runs = (from: number) => Array.from({ length: 60 }, (_, i) => ({ n: from + i, metrics: { loss: [1, 0.5, 1 / (i + 1)] } }));
      writeExperiment(root, "e", runs(1));
      const assets = fakeAssets(tempDir());
      const out = join(tempDir(), "site");
      await buildReport({ store: root, out, assets });
      const old = hashTree(out);
      writeExperiment(join(root), "f", runs(1000));

      const worker = startWorker("build-report.ts", [root, out, assets.script, assets.style]);
      const manifest = join(out, MANIFEST_FILE);
      const runPages = () => (existsSync(join(out, "runs")) ? readdirSync(join(out, "runs")).length : 0);
      const started = await until(() => !existsSync(manifest) && runPages() >= 60 + pages, 60_000);
      if (started) worker.child.kill("SIGKILL");
      const exit = await worker.exited;
      assert.ok(started, exit.stderr);
      assert.equal(exit.signal, "SIGKILL", "the build was killed before it was done");
      assert.ok(!existsSync(manifest), "an interrupted build leaves no manifest: the folder is not trusted");
      if (pages > 0) assert.ok(runPages() >= 60 + pages, "killed while writing pages");
      const next = await buildReport({ store: root, out, assets });
      assert.equal(next.incremental, false, "the build after an interrupted one starts clean");
      const clean = await buildReport({ store: root, out: join(tempDir(), "clean"), assets });
      assert.deepEqual(hashTree(out), hashTree(clean.out));
      assert.notDeepEqual(hashTree(out), old);
      assert.ok(!filesOf(out).some((path) => /^\.runtree-(tmp|lock)/.test(path)), "no temp file or lock is left");
    });
  }
});
