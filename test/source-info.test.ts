import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { basename, join } from "node:path";
import { after, describe, test } from "node:test";
import { readStore, type RunRecord } from "../src/index.js";
import { SOURCE_ENTRY, startScript, stopAllWorkers } from "./workers/worker-process.js";
import { testGitEnv } from "./workers/git-env.js";
import { publicRemote } from "../src/store/source-info.js";

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

/**
 * Runs `script` (default: the one in `dir`) in a fresh process, working in `dir`, and returns the run it
 * logged into `dir/mlruns`, after checking that no file of that store holds an absolute path of the folders
 * the test made (`folders`, by default `dir`), as given or as the real path.
 */
async function logRun(dir: string, options: { env?: NodeJS.ProcessEnv; script?: string; folders?: readonly string[] } = {}): Promise<RunRecord> {
  const exit = await startScript(options.script ?? join(dir, "train.mjs"), [], { cwd: dir, env: options.env ?? ENV }).exited;
  assert.equal(exit.code, 0, exit.stderr);
  const id = exit.lines.at(-1);
  const store = join(dir, "mlruns");
  const run = (await readStore(store)).runs.find((r) => r.id === id);
  assert.ok(run, `run ${id} is in the store`);
  assert.equal(run.status, "FINISHED", "missing source info never fails a run");
  assertNoPathOf(store, options.folders ?? [dir]);
  return run;
}

/** No file below `store` names any of `folders` by its absolute path. */
function assertNoPathOf(store: string, folders: readonly string[]): void {
  const paths = [...new Set(folders.flatMap((folder) => [folder, realpathSync(folder)]))];
  const files = readdirSync(store, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  assert.ok(files.length >= 3, "the store holds experiment.json, run.json and metrics.jsonl");
  for (const file of files) {
    const text = readFileSync(join(file.parentPath, file.name), "utf8");
    for (const path of paths) assert.ok(!text.includes(path), `${join(file.parentPath, file.name)} names ${path}`);
  }
}

function assertMachine(run: RunRecord, cwd: string): void {
  assert.equal(run.source?.host, hostname());
  assert.equal(run.source.user, userInfo().username);
  assert.equal(run.source.node, process.version);
  assert.equal(run.source.cwd, cwd);
}

// Each case starts a process; on a loaded machine that takes many seconds, so the bound is generous.
describe("source info is captured at run start when available, and its absence never fails a run", { concurrency: true, timeout: 240_000 }, () => {
  test("outside any git repository: the script's and the working directory's names only, host, user and Node version, no git info", async () => {
    const dir = folder();
    const run = await logRun(dir);
    assertMachine(run, basename(dir));
    assert.equal(run.source?.script, "train.mjs");
    assert.equal(run.source.git, undefined);
  });

  test("in a repository with no commits yet: no git info, paths relative to its root, the run still logs", async () => {
    const dir = folder();
    git(dir, "init", "-q");
    const run = await logRun(dir);
    assertMachine(run, ".");
    assert.equal(run.source?.script, "train.mjs");
    assert.equal(run.source.git, undefined);
  });

  test("without a git binary on the PATH: no git info, names only, the run still logs", async () => {
    const dir = repoWithCommit();
    const run = await logRun(dir, { env: { ...ENV, PATH: "" } });
    assertMachine(run, basename(dir));
    assert.equal(run.source?.script, "train.mjs");
    assert.equal(run.source.git, undefined);
  });

  test("a script in one folder of a repository, run from another: both paths relative to the root, no absolute path in the store", async () => {
    const repo = repoWithCommit();
    mkdirSync(join(repo, "src"));
    mkdirSync(join(repo, "work", "today"), { recursive: true });
    writeFileSync(join(repo, "src", "train.mjs"), SCRIPT);
    git(repo, "add", "src/train.mjs");
    git(repo, "commit", "-q", "-m", "move");
    const cwd = join(repo, "work", "today");
    const run = await logRun(cwd, { script: join(repo, "src", "train.mjs"), folders: [repo] });
    assertMachine(run, "work/today");
    assert.equal(run.source?.script, "src/train.mjs");
    assert.equal(run.source.git?.commit, git(repo, "rev-parse", "HEAD"));
  });

  test("a script outside any repository, run from inside one: the cwd's repository, and only the script's name", async () => {
    const repo = repoWithCommit();
    const elsewhere = folder();
    const run = await logRun(repo, { script: join(elsewhere, "train.mjs"), folders: [repo, elsewhere] });
    assertMachine(run, ".");
    assert.equal(run.source?.script, "train.mjs");
    assert.equal(run.source.git?.commit, git(repo, "rev-parse", "HEAD"));
  });

  test("in a clean repository: commit and branch, dirty=false although the store inside the repo was just written to", async () => {
    const dir = repoWithCommit();
    git(dir, "remote", "add", "origin", "https://someone:s3cret-token@example.com/team/models.git");
    const head = git(dir, "rev-parse", "HEAD");
    // The first run creates the store inside the repo, the second finds it full of untracked runs.
    for (const run of [await logRun(dir), await logRun(dir)]) {
      assertMachine(run, ".");
      assert.equal(run.source?.script, "train.mjs", "the script path is relative to the repository");
      assert.deepEqual(run.source.git, { commit: head, branch: "main", dirty: false, remote: "https://example.com/team/models.git" });
    }
    assert.notEqual(git(dir, "status", "--porcelain"), "", "the store really is untracked work in the repo");
  });

  test("a remote that is a folder on this machine (a clone of a local checkout) is left out", async () => {
    const upstream = repoWithCommit();
    const dir = repoWithCommit();
    git(dir, "remote", "add", "origin", upstream);
    const run = await logRun(dir, { folders: [dir, upstream] });
    assert.deepEqual(run.source?.git, { commit: git(dir, "rev-parse", "HEAD"), branch: "main", dirty: false });
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

/** [origin as git reports it, what the run records] */
const REMOTES: ReadonlyArray<readonly [string, string | undefined]> = [
  ["https://github.com/team/models.git", "https://github.com/team/models.git"],
  ["https://someone:s3cret-token@example.com/team/models.git", "https://example.com/team/models.git"],
  ["git@github.com:team/models.git", "git@github.com:team/models.git"],
  ["ssh://git@example.com/team/models.git", "ssh://example.com/team/models.git"],
  ["/home/ana/repos/models", undefined],
  ["../models", undefined],
  ["models", undefined],
  ["file:///home/ana/repos/models", undefined],
  ["C:/repos/models", undefined],
  ["C:\\repos\\models", undefined],
  ["", undefined],
];

describe("the origin remote is recorded only as a network URL without credentials", () => {
  for (const [url, recorded] of REMOTES) {
    test(`${JSON.stringify(url)} is recorded as ${JSON.stringify(recorded)}`, () => {
      assert.equal(publicRemote(url), recorded);
    });
  }
});
