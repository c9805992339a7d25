import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "./workers/cli-runner.js";
import { readStore, readStoreAt, type RunRecord } from "../src/index.js";
import { buildScenario, type Scenario } from "./git-scenario.js";
import { newRepo, removeAll, repoAt, type TestRepo } from "./workers/git-repo.js";

// The commands under test run git themselves: it must not find a repository above the temp folders.
process.env["GIT_CEILING_DIRECTORIES"] = tmpdir();

const temps: string[] = [];
after(() => removeAll(temps));

const runtree = runCli;

/** A run as the model gives it, without where it was read from (a folder, or a commit). */
function comparable(run: RunRecord) {
  const { dir: _dir, ...rest } = run;
  return rest;
}

describe("runtree diff on a real history", () => {
  let repo: TestRepo;
  let s: Scenario;
  before(async () => {
    repo = newRepo(temps);
    s = await buildScenario(repo);
  });

  test("the JSON lists added, removed and changed runs in tree order, and each sweep's best at base and head", async () => {
    const { code, stdout, stderr } = await runtree(["diff", s.a, s.b, "--json"], repo.dir);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    const { ids } = s;
    assert.equal(
      stdout,
      JSON.stringify(
        {
          base: s.a,
          head: s.b,
          added: [ids["up-3"], ids["down-3"]],
          removed: [ids["down-1"]],
          changed: [{ id: ids["lone"], fields: ["tags.stage"] }],
          sweeps: [
            { id: ids["sweep-up"], experiment: "tuning", metric: "loss", goal: "min", before: 0.4, after: 0.3, improved: true },
            { id: ids["sweep-down"], experiment: "tuning", metric: "acc", goal: "max", before: 0.8, after: 0.75, improved: false },
          ],
        },
        null,
        2,
      ) + "\n",
    );
  });

  test("the markdown is a summary line, then the experiment's runs and its sweeps as tables", async () => {
    const { code, stdout } = await runtree(["diff", s.a, s.b, "--format", "markdown"], repo.dir);
    assert.equal(code, 0);
    assert.equal(
      stdout,
      [
        `### runtree diff \`${s.a.slice(0, 7)}\` → \`${s.b.slice(0, 7)}\``,
        "",
        "**2 runs added, 1 removed, 1 changed; 2 sweeps: 1 improved, 1 worse**",
        "",
        "#### tuning",
        "",
        "| change | run | top-level run | changed fields |",
        "| --- | --- | --- | --- |",
        "| added | up-3 | sweep-up |  |",
        "| removed | down-1 | sweep-down |  |",
        "| added | down-3 | sweep-down |  |",
        "| changed | lone |  | `tags.stage` |",
        "",
        "| sweep | metric | goal | base | head | delta | |",
        "| --- | --- | --- | ---: | ---: | ---: | --- |",
        "| sweep-up | loss | min | 0.4 | 0.3 | -0.1 | improved |",
        "| sweep-down | acc | max | 0.8 | 0.75 | -0.05 | worse |",
        "",
      ].join("\n"),
    );
  });

  test("without a head the working tree is compared, committed or not, and head is null", async () => {
    const clean = JSON.parse((await runtree(["diff", s.b, "--json"], repo.dir)).stdout) as { head: null; added: string[]; changed: unknown[] };
    assert.deepEqual([clean.head, clean.added, clean.changed], [null, [], []]);
    const { code, stdout } = await runtree(["diff", s.a], repo.dir);
    assert.equal(code, 0);
    const lines = stdout.split("\n");
    assert.equal(lines[0], `base ${s.a.slice(0, 7)} → working tree`);
    assert.equal(lines[1], "2 runs added, 1 removed, 1 changed; 2 sweeps: 1 improved, 1 worse");
    assert.match(stdout, new RegExp(`^  added      up-3\\s+${s.ids["up-3"]}$`, "m"));
    assert.match(stdout, new RegExp(`^  changed  lone\\s+${s.ids["lone"]}  tags\\.stage$`, "m"));
    assert.match(stdout, /^  sweep-down\s+acc\s+max\s+0\.8\s+0\.75\s+-0\.05\s+worse$/m);
  });

  test("the store read from git objects is the store read from the checked-out folder", async () => {
    const atB = await readStoreAt(s.store, s.b);
    const onDisk = await readStore(s.store);
    assert.equal(atB.commit, s.b);
    assert.deepEqual(atB.snapshot.problems, []);
    assert.deepEqual(atB.snapshot.runs.map(comparable), onDisk.runs.map(comparable));
    assert.deepEqual(atB.snapshot.experiments, onDisk.experiments);
    assert.equal(atB.snapshot.runs[0]!.dir, `${s.b}:mlruns/tuning/${atB.snapshot.runs[0]!.id}`);
  });

  test("a bad revision is one line on stderr and exit 2", async () => {
    for (const revision of ["no-such-branch", "--upload-pack=touch", "HEAD~99"]) {
      const { code, stdout, stderr } = await runtree(["diff", revision], repo.dir);
      assert.equal(code, 2, revision);
      assert.equal(stdout, "");
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
      assert.match(stderr, /^runtree diff: /);
    }
    await assert.rejects(readStoreAt(s.store, "no-such-branch"), { code: "UNKNOWN_REVISION" });
  });
});

describe("runtree diff at the edges of a history", () => {
  test("a base from before the store existed lists every run as added and every sweep as new", async () => {
    const repo = newRepo(temps);
    writeFileSync(join(repo.dir, "README.md"), "before any run\n");
    const empty = repo.commit("no store yet");
    const s = await buildScenario(repo);
    const result = JSON.parse((await runtree(["diff", empty, s.b, "--json"], repo.dir)).stdout) as {
      added: string[];
      removed: string[];
      sweeps: { before: number | null; improved: boolean | null }[];
    };
    const expected = ["sweep-up", "up-1", "up-2", "up-3", "sweep-down", "down-2", "down-3", "lone"].map((name) => s.ids[name]);
    assert.deepEqual(result.added, expected);
    assert.deepEqual(result.removed, []);
    assert.deepEqual(result.sweeps.map((sweep) => [sweep.before, sweep.improved]), [[null, null], [null, null]]);
    const markdown = (await runtree(["diff", empty, s.b, "--format", "markdown"], repo.dir)).stdout;
    assert.match(markdown, /^\*\*8 runs added, 0 removed, 0 changed; 2 sweeps: 2 new\*\*$/m);
  });

  test("a shallow clone without the base says so in one line, exit 2", async () => {
    const origin = newRepo(temps);
    const s = await buildScenario(origin);
    const cloneDir = mkdtempSync(join(tmpdir(), "runtree-shallow-"));
    temps.push(cloneDir);
    repoAt(cloneDir).git("clone", "-q", "--depth", "1", `file://${origin.dir}`, ".");
    const { code, stderr } = await runtree(["diff", s.a], cloneDir);
    assert.equal(code, 2);
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.match(stderr, /shallow clone.*fetch-depth: 0/);
    await assert.rejects(readStoreAt(join(cloneDir, "mlruns"), s.a), { code: "SHALLOW_CLONE" });
    // The head it has is readable: the clone holds every run of B.
    assert.equal((await readStoreAt(join(cloneDir, "mlruns"), "HEAD")).snapshot.runs.length, 8);
  });

  test("a store outside any repository is one line on stderr and exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runtree-norepo-"));
    temps.push(dir);
    mkdirSync(join(dir, "mlruns"));
    const { code, stderr } = await runtree(["diff", "HEAD"], dir);
    assert.equal(code, 2);
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.match(stderr, /is not inside a git repository/);
    await assert.rejects(readStoreAt(join(dir, "mlruns"), "HEAD"), { code: "NOT_IN_GIT_REPOSITORY" });
  });

  test("across a merge commit, each side's runs are new against the other parent and both against the fork", async () => {
    const repo = newRepo(temps);
    const s = await buildScenario(repo);
    const { openStore } = await import("../src/index.js");
    const log = async (name: string) => {
      let id = "";
      await openStore(s.store, { captureSource: false }).experiment("tuning").run({ name }, (run) => {
        id = run.id;
      });
      return id;
    };
    repo.git("checkout", "-q", "-b", "side");
    const sideRun = await log("from-side");
    repo.commit("side: one run");
    repo.git("checkout", "-q", "main");
    const mainRun = await log("from-main");
    repo.commit("main: one run");
    repo.git("merge", "-q", "--no-edit", "side");
    const merge = repo.git("rev-parse", "HEAD");
    assert.equal(repo.git("rev-list", "--parents", "-n", "1", "HEAD").split(" ").length, 3, "a real merge commit");
    const added = async (base: string) => (JSON.parse((await runtree(["diff", base, merge, "--json"], repo.dir)).stdout) as { added: string[] }).added;
    assert.deepEqual(await added(s.b), [sideRun, mainRun], "in start order");
    assert.deepEqual(await added(`${merge}^1`), [sideRun]);
    assert.deepEqual(await added(`${merge}^2`), [mainRun]);
  });

  test("an MLflow-layout store is diffed through the same reader", async () => {
    const repo = newRepo(temps);
    const store = join(repo.dir, "mlruns");
    cpSync(join(import.meta.dirname, "fixtures", "mlflow-filestore", "mlruns"), store, { recursive: true });
    const a = repo.commit("an MLflow store");
    const atA = await readStoreAt(store, a);
    assert.equal(atA.snapshot.format, "mlflow");
    assert.deepEqual(atA.snapshot.runs.map(comparable), (await readStore(store)).runs.map(comparable));
    const [kept, dropped] = atA.snapshot.runs.filter((run) => run.parentId !== null) as [RunRecord, RunRecord];
    writeFileSync(join(store, kept.experimentDir, kept.id, "tags", "reviewed"), "yes");
    rmSync(join(store, dropped.experimentDir, dropped.id), { recursive: true });
    const b = repo.commit("tag one run, drop another");
    const result = JSON.parse((await runtree(["diff", a, b, "--json"], repo.dir)).stdout) as { added: string[]; removed: string[]; changed: unknown[] };
    assert.deepEqual(result.added, []);
    assert.deepEqual(result.removed, [dropped.id]);
    assert.deepEqual(result.changed, [{ id: kept.id, fields: ["tags.reviewed"] }]);
  });
});
