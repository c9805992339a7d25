import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { readStore, type RunRecord } from "../src/index.js";
import { SOURCE_ENTRY, startScript, stopAllWorkers } from "./workers/worker-process.js";
import { testGitEnv } from "./workers/git-env.js";

const temps: string[] = [];
after(() => {
  stopAllWorkers();
  temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/**
 * Source capture is cached per process, so every case runs its own child: a script written into the
 * folder under test (source info follows the script and the working directory, like a user's `node train.mjs`).
 */
const SCRIPT = `import { openStore } from ${JSON.stringify(SOURCE_ENTRY)};
const run = openStore("mlruns").experiment("source").startRun({ name: "probe" });
run.logMetric("loss", 0.5);
await run.end();
console.log(run.id);
`;

// Git must not find a repo above the temp folder, nor read this machine's configuration.
const ENV = testGitEnv({ GIT_CEILING_DIRECTORIES: tmpdir() });

function git(cwd: string, ...args: string[]): string {
  const config = ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"];
  return execFileSync("git", [...config, ...args], { cwd, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "runtree-source-"));
  temps.push(dir);
  writeFileSync(join(dir, "train.mjs"), SCRIPT);
  writeFileSync(join(dir, "notes.txt"), "v1\n");
  return dir;
}

function repoWithCommit(): string {
  const dir = folder();
  git(dir, "init", "-q");
  git(dir, "add", "train.mjs", "notes.txt");
  git(dir, "commit", "-q", "-m", "first");
  return dir;
}

/** Runs the script in `dir` in a fresh process and returns the run it logged. */
async function logRun(dir: string, env: NodeJS.ProcessEnv = ENV): Promise<RunRecord> {
  const exit = await startScript(join(dir, "train.mjs"), [], { cwd: dir, env }).exited;
  assert.equal(exit.code, 0, exit.stderr);
  const id = exit.lines.at(-1);
  const run = (await readStore(join(dir, "mlruns"))).runs.find((r) => r.id === id);
  assert.ok(run, `run ${id} is in the store`);
  assert.equal(run.status, "FINISHED", "missing source info never fails a run");
  return run;
}

function assertMachine(run: RunRecord, dir: string): void {
  assert.equal(run.source?.host, hostname());
  assert.equal(run.source.user, userInfo().username);
  assert.equal(run.source.node, process.version);
  assert.equal(run.source.cwd, dir);
}

describe("source info is captured at run start when available, and its absence never fails a run", { concurrency: true, timeout: 60_000 }, () => {
  test("outside any git repository: script path, host, user and Node version, no git info", async () => {
    const dir = folder();
    const run = await logRun(dir);
    assertMachine(run, dir);
    assert.equal(run.source?.script, join(dir, "train.mjs"));
    assert.equal(run.source.git, undefined);
  });

  test("in a repository with no commits yet: no git info, the run still logs", async () => {
    const dir = folder();
    git(dir, "init", "-q");
    const run = await logRun(dir);
    assertMachine(run, dir);
    assert.equal(run.source?.git, undefined);
  });

  test("without a git binary on the PATH: no git info, the run still logs", async () => {
    const dir = repoWithCommit();
    const run = await logRun(dir, { ...ENV, PATH: "" });
    assertMachine(run, dir);
    assert.equal(run.source?.git, undefined);
  });

  test("in a clean repository: commit and branch, dirty=false although the store inside the repo was just written to", async () => {
    const dir = repoWithCommit();
    git(dir, "remote", "add", "origin", "https://someone:s3cret-token@example.com/team/models.git");
    const head = git(dir, "rev-parse", "HEAD");
    // The first run creates the store inside the repo, the second finds it full of untracked runs.
    for (const run of [await logRun(dir), await logRun(dir)]) {
      assertMachine(run, dir);
      assert.equal(run.source?.script, "train.mjs", "the script path is relative to the repository");
      assert.deepEqual(run.source.git, { commit: head, branch: "main", dirty: false, remote: "https://example.com/team/models.git" });
    }
    assert.notEqual(git(dir, "status", "--porcelain"), "", "the store really is untracked work in the repo");
  });

  test("in a repository with a modified tracked file: dirty=true", async () => {
    const dir = repoWithCommit();
    writeFileSync(join(dir, "notes.txt"), "v2\n");
    const run = await logRun(dir);
    assert.deepEqual(run.source?.git, { commit: git(dir, "rev-parse", "HEAD"), branch: "main", dirty: true });
  });

  test("on a detached HEAD: the checked-out commit and no branch", async () => {
    const dir = repoWithCommit();
    const first = git(dir, "rev-parse", "HEAD");
    writeFileSync(join(dir, "notes.txt"), "v2\n");
    git(dir, "commit", "-q", "-am", "second");
    git(dir, "checkout", "-q", "--detach", first);
    const run = await logRun(dir);
    assert.deepEqual(run.source?.git, { commit: first, dirty: false });
  });
});
