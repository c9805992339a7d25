/**
 * Run pages made on several threads (`jobs`, `report --jobs`): the same site, byte for byte, as on the main
 * thread alone, whichever thread made which page; and a failure in a page worker fails the build as a
 * failure on the main thread does.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build as esbuild } from "esbuild";
import { after, describe, test } from "node:test";
import { main } from "../src/cli/main.js";
import { RuntreeError } from "../src/errors.js";
import { readStore } from "../src/load/read-store.js";
import { planSite } from "../src/report/plan.js";
import { reviveSite } from "../src/report/revive-site.js";
import { buildReport, type BuildOptions, type BuildResult } from "../src/report/build.js";
import { experimentDir } from "../src/format/experiment-dir.js";
import { stableJson } from "../src/format/stable-json.js";
import { age, captureIO, fakeAssets, filesOf, id, removeTemps, tempDir, writeExperiment, type RunSpec } from "./report-fixtures.js";

after(removeTemps);

const REPO = fileURLToPath(new URL("..", import.meta.url));

const SWEEPS = 40;
/** Pages per sweep: the sweep, five trials, two folds under the first trial. */
const PER_SWEEP = 8;

/**
 * Sweeps of eight runs each, with what a page's bytes could lose on the way to a worker: params named
 * `constructor` and `__proto__` on one trial and not its siblings, NaN and Infinity, artifacts, a history
 * long enough to be cut into chunk files, a deleted trial, and the sweep's objective.
 */
function sweeps(revision = 0): RunSpec[] {
  const runs: RunSpec[] = [];
  for (let s = 0; s < SWEEPS; s++) {
    const parent = 1 + s * PER_SWEEP;
    runs.push({ n: parent, name: `sweep-${s}`, params: { space: "grid", revision }, extra: { objective: { metric: "loss", goal: "min" } } });
    for (let t = 0; t < 5; t++) {
      const n = parent + 1 + t;
      const hostile: Record<string, string> = t === 1 ? { constructor: "c", ["__proto__"]: "p", toString: "t" } : {};
      const loss = s === 2 && t === 0 ? Array.from({ length: 30_000 }, (_, i) => 1 / (i + 1)) : [1, 0.5 - t / 20, 0.2 + s / 100];
      runs.push({
        n,
        parent,
        name: `sweep-${s}/trial-${t}`,
        params: { lr: 0.1 / (t + 1), ...hostile },
        tags: t === 1 ? { hasOwnProperty: "h" } : {},
        metrics: { loss, ...(t === 2 && { odd: [NaN, Infinity, -Infinity, 1] }) },
        ...(t === 3 && { artifacts: { "notes.txt": `trial ${t} of sweep ${s}\n`, "plots/curve.csv": "step,loss\n0,1\n" } }),
        ...(t === 4 && s % 5 === 0 && { extra: { deleted: { time: Date.UTC(2026, 1, 1) } } }),
      });
    }
    for (let f = 0; f < 2; f++) {
      runs.push({ n: parent + 6 + f, parent: parent + 1, name: `sweep-${s}/trial-0/fold-${f}`, metrics: { loss: [0.3 + f / 10] } });
    }
  }
  return runs;
}

function storeWith(runs: readonly RunSpec[]): string {
  const store = join(tempDir(), "mlruns");
  writeExperiment(store, "sweeps", runs);
  writeExperiment(store, "small", [{ n: 1000, metrics: { loss: [2, 1] } }]);
  return store;
}

/** Every file of a report folder, by path, with its bytes. */
function contents(out: string, skip: (path: string) => boolean = () => false): Map<string, string> {
  return new Map(filesOf(out).filter((path) => !skip(path)).map((path) => [path, readFileSync(join(out, path), "latin1")]));
}

function assertSameSite(a: string, b: string, skip?: (path: string) => boolean): void {
  const left = contents(a, skip);
  const right = contents(b, skip);
  assert.deepEqual([...right.keys()], [...left.keys()], "the same files");
  const differ = [...left].filter(([path, bytes]) => right.get(path) !== bytes).map(([path]) => path);
  assert.deepEqual(differ, [], "the same bytes");
}

function sameOutcome(a: BuildResult, b: BuildResult): void {
  const pick = (r: BuildResult) => ({ files: r.files, written: r.written, removed: r.removed, reused: r.reused, runs: r.runs, problems: r.problems });
  assert.deepEqual(pick(b), pick(a));
}

describe("report --jobs: run pages on several threads", () => {
  const assets = fakeAssets(tempDir());
  const build = (store: string, out: string, jobs: number, more: Partial<BuildOptions> = {}) =>
    buildReport({ store, out, assets, objective: { metric: "loss", goal: "min" }, jobs, ...more });

  test("three threads make the same site, byte for byte, as one; each made pages", async () => {
    const store = storeWith(sweeps());
    const dir = tempDir();
    const one = await build(store, join(dir, "one"), 1);
    const progress: Array<[number, number | null]> = [];
    const three = await build(store, join(dir, "three"), 3, {
      onProgress: ({ phase, done, total }) => void (phase === "write" && progress.push([done, total])),
    });
    assert.deepEqual(progress.at(-1), [three.runs, three.runs], "every page counted once, wherever it was made");
    assert.ok(progress.every(([done], n) => n === 0 || done >= progress[n - 1]![0]), "the count only goes up");
    assert.equal(one.lanes, 1);
    assert.equal(three.lanes, 3, "the main thread and both workers made pages");
    assert.ok(one.runs >= SWEEPS * PER_SWEEP);
    sameOutcome(one, three);
    assertSameSite(join(dir, "one"), join(dir, "three"));
    const chunked = filesOf(join(dir, "three")).filter((path) => path.startsWith(`runs/${id(2 * PER_SWEEP + 2)}/`));
    assert.ok(chunked.length > 3, `the long history's chunk files are there: ${chunked.join(", ")}`);
  });

  test("rebuilds after a change write the same files in both, and only what changed", async () => {
    const store = storeWith(sweeps());
    age(store); // files as old as a store's usually are: a build trusts what did not change lately
    const dir = tempDir();
    await build(store, join(dir, "one"), 1);
    await build(store, join(dir, "three"), 3);
    // Sweeps 3, 12, 20 and 33 get a new note, and a trial of sweep 30 a new param.
    const edit = (n: number, change: (run: Record<string, unknown>) => void) => {
      const file = join(store, experimentDir("sweeps"), id(n), "run.json");
      const run = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      change(run);
      writeFileSync(file, stableJson(run));
    };
    for (const s of [3, 12, 20, 33]) edit(1 + s * PER_SWEEP, (run) => void (run.description = `sweep ${s}, looked at again`));
    edit(2 + 30 * PER_SWEEP, (run) => void ((run.params as Record<string, unknown>).warmup = 5));
    age(store);
    const one = await build(store, join(dir, "one"), 1);
    const three = await build(store, join(dir, "three"), 3);
    sameOutcome(one, three);
    assert.ok(three.written > 0 && three.reused > 0, `written ${three.written}, reused ${three.reused}`);
    assertSameSite(join(dir, "one"), join(dir, "three"));
  });

  test("live pages (report --watch) are the same too, but for the build's random version token", async () => {
    const store = storeWith(sweeps());
    const dir = tempDir();
    const one = await build(store, join(dir, "one"), 1, { live: true });
    const two = await build(store, join(dir, "two"), 2, { live: true });
    assert.equal(two.lanes, 2);
    sameOutcome(one, two);
    assertSameSite(join(dir, "one"), join(dir, "two"), (path) => path === "version.js");
  });

  test("an MLflow store's pages, with the histories its reader kept, are the same on two threads", async () => {
    const { FIXTURE } = await import("./mlflow-fixture.js");
    const dir = tempDir();
    const one = await build(FIXTURE, join(dir, "one"), 1);
    const two = await build(FIXTURE, join(dir, "two"), 2);
    sameOutcome(one, two);
    assertSameSite(join(dir, "one"), join(dir, "two"));
  });

  test("a page a worker cannot write fails the build as on the main thread: WRITE_FAILED, naming the report", async () => {
    const store = storeWith(sweeps());
    for (const jobs of [1, 2]) {
      const out = join(tempDir(), "site");
      await build(store, out, jobs);
      // Pages go out in chunks of at least 64, cut where a top-level run starts: the main thread takes the first
      // (sweeps 0–7), the worker the second (sweeps 8–15). A file where sweep 9's folder was stops its page.
      const blocked = join(out, "runs", id(1 + 9 * PER_SWEEP));
      rmSync(blocked, { recursive: true });
      writeFileSync(blocked, "in the way\n");
      writeExperiment(store, "sweeps", sweeps(jobs + 1));
      await assert.rejects(build(store, out, jobs), (error: unknown) => {
        assert.ok(error instanceof RuntreeError, String(error));
        assert.equal(error.code, "WRITE_FAILED");
        assert.match(error.message, new RegExp(`cannot write the report into ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
        return true;
      });
      writeExperiment(store, "sweeps", sweeps());
    }
  });

  test("a worker's copy of the site keeps user-keyed records without a prototype, keys like __proto__ included", async () => {
    const store = storeWith(sweeps().slice(0, PER_SWEEP));
    const snapshot = await readStore(store);
    const site = planSite({ experiments: snapshot.experiments, runs: snapshot.runs, artifacts: new Map(), objective: null, title: "t" });
    const copy = reviveSite(structuredClone(site));
    const runs = copy.entries.flatMap((entry) => [...entry.runs, ...entry.deletedRuns]);
    assert.equal(runs.length, PER_SWEEP + 1);
    for (const run of runs) {
      for (const record of [run.params, run.metrics, run.tags, run.metricSummaries]) assert.equal(Object.getPrototypeOf(record), null, run.name);
    }
    for (const entry of copy.entries) assert.equal(Object.getPrototypeOf(entry.record.tags), null);
    const hostile = runs.find((run) => run.name === "sweep-0/trial-1")!;
    assert.deepEqual(Object.keys(hostile.params).sort(), ["__proto__", "constructor", "lr", "toString"]);
    assert.equal(hostile.params["__proto__"], "p");
    const plain = runs.find((run) => run.name === "sweep-0/trial-2")!;
    assert.equal(plain.params["constructor"], undefined, "nothing inherited");
    // NaN and the infinities come through the copy (JSON would have made them null).
    assert.deepEqual([plain.metricSummaries.odd?.min, plain.metricSummaries.odd?.max], [-Infinity, Infinity]);
  });

  test("where no page worker can start (the library bundled without its worker file), the main thread makes every page", async () => {
    // The library as a bundler would make it for an application: one file, with no page-worker.js beside it.
    // Two folders below the repository, as dist/report/ is, so that it finds templates/ and package.json; in a
    // folder of its own, so that the code it hashes for the build's identity (the folder above it) is its own.
    const bundle = mkdtempSync(join(REPO, ".bundle-test-"));
    try {
      const file = join(bundle, "lib", "runtree.js");
      await esbuild({ entryPoints: [join(REPO, "src/index.ts")], bundle: true, format: "esm", platform: "node", packages: "external", outfile: file, logLevel: "silent" });
      const bundled = (await import(pathToFileURL(file).href)) as { buildReport: typeof buildReport };
      const store = storeWith(sweeps());
      const dir = tempDir();
      const one = await build(store, join(dir, "one"), 1);
      const options = { store, out: join(dir, "two"), assets, objective: { metric: "loss", goal: "min" } as const, jobs: 2 };
      const two = await bundled.buildReport(options);
      assert.equal(two.lanes, 1, "only the main thread made pages");
      sameOutcome(one, two);
      // The manifest names the code that made the report: the bundle is other code than src/.
      assertSameSite(join(dir, "one"), join(dir, "two"), (path) => path.startsWith(".runtree-build"));
    } finally {
      rmSync(bundle, { recursive: true, force: true });
    }
  });

  test("jobs must be a whole number of at least 1: the library and the CLI say so", async () => {
    const store = storeWith(sweeps().slice(0, 8));
    for (const jobs of [0, 1.5, -2, Number.NaN]) {
      await assert.rejects(build(store, join(tempDir(), "site"), jobs), (error: unknown) => {
        assert.ok(error instanceof RuntreeError);
        assert.equal(error.code, "INVALID_ARGUMENT");
        assert.match(error.message, /jobs must be a whole number of at least 1/);
        return true;
      });
    }
    const cwd = tempDir();
    mkdirSync(join(cwd, "site"));
    for (const value of ["0", "two", "1.5", ""]) {
      const io = captureIO(cwd);
      assert.equal(await main(["report", store, join(cwd, "out"), "--jobs", value], io), 2, value);
      assert.match(io.err(), /--jobs expects a whole number of at least 1/);
    }
    const io = captureIO(cwd);
    assert.equal(await main(["report", store, join(cwd, "out"), "--jobs", "2", "--quiet"], io), 0, io.err());
    const help = captureIO(cwd);
    await main(["report", "--help"], help);
    assert.match(help.out(), /--jobs N {2,}read big MLflow experiments and make run pages on N cores/);
  });
});
