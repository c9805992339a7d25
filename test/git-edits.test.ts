/**
 * Edits after the script, through real git: every edit changes only the run's own files, so two clones that
 * edit different runs merge cleanly; two that edit the same run's tags conflict at most in that run's
 * run.json, which `runtree check` then explains.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore, readStore, type Store } from "../src/index.js";
import { checkStore } from "../src/load/check-store.js";
import { runCli } from "./workers/cli-runner.js";
import { commitAllWith, gitIn, testGitEnv } from "./workers/git-env.js";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const git = gitIn(testGitEnv({ GIT_CEILING_DIRECTORIES: tmpdir() }));
const commitAll = (clone: string, message: string) => commitAllWith(git, clone, message);

/** Pulls origin/main into the clone with a merge; returns the files git left unmerged (none when clean). */
function pull(clone: string): string[] {
  try {
    git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
  } catch {
    // a conflict: what is unmerged says where
  }
  const unmerged = git(clone, "diff", "--name-only", "--diff-filter=U");
  return unmerged === "" ? [] : unmerged.split("\n").sort();
}

/** An origin with one commit of a store (a sweep of three trials and a lone run), and two clones of it. */
async function twoClones(): Promise<{ a: string; b: string; ids: Record<string, string> }> {
  const base = mkdtempSync(join(tmpdir(), "runtree-git-edits-"));
  temps.push(base);
  const origin = join(base, "origin.git");
  const [a, b] = [join(base, "a"), join(base, "b")];
  git(base, "init", "-q", "--bare", origin);
  git(base, "clone", "-q", origin, a);
  const store = openStore(join(a, "mlruns"), { captureSource: false });
  const ids: Record<string, string> = {};
  await store.experiment("tuning").run({ name: "sweep", tags: { stage: "dev" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const name of ["trial-1", "trial-2", "trial-3"]) {
      await sweep.child({ name, tags: { stage: "dev" } }, (trial) => {
        ids[name] = trial.id;
        trial.logMetric("loss", name.length);
      });
    }
  });
  await store.experiment("tuning").run({ name: "lone", tags: { stage: "dev" } }, (run) => void (ids["lone"] = run.id));
  commitAll(a, "runs");
  git(a, "push", "-q", "origin", "main");
  git(base, "clone", "-q", origin, b);
  return { a, b, ids };
}

const storeOf = (clone: string): Store => openStore(join(clone, "mlruns"), { captureSource: false });

/** The paths a commit changed, relative to the clone. */
const changedBy = (clone: string) => git(clone, "show", "--name-only", "--format=", "HEAD").split("\n").sort();

test("two clones that edit, delete and note different runs merge without a conflict, and the merge has every edit", { timeout: 120_000 }, async () => {
  const { a, b, ids } = await twoClones();
  const [storeA, storeB] = [storeOf(a), storeOf(b)];
  await storeA.setTag(ids["trial-1"]!, "champion", "yes");
  await storeA.renameRun(ids["lone"]!, "lone, renamed");
  await storeA.setNote(ids["sweep"]!, "**kept**");
  commitAll(a, "edits from a");
  assert.deepEqual(changedBy(a), ["sweep", "lone", "trial-1"].map((name) => `mlruns/tuning/${ids[name]}/run.json`).sort(), "only the edited runs' run.json");
  git(a, "push", "-q", "origin", "main");

  await storeB.setTag(ids["trial-2"]!, "stage", "prod");
  await storeB.deleteTag(ids["trial-3"]!, "stage");
  commitAll(b, "edits from b");
  assert.deepEqual(pull(b), []);
  git(b, "push", "-q", "origin", "main");
  assert.deepEqual(pull(a), []);

  // Round 2: a deletion (the run's own file and its descendants') against a rename of another run.
  await storeA.deleteRun(ids["trial-2"]!);
  commitAll(a, "delete from a");
  git(a, "push", "-q", "origin", "main");
  await storeB.renameRun(ids["trial-1"]!, "trial one");
  commitAll(b, "rename from b");
  assert.deepEqual(pull(b), []);

  const merged = storeOf(b);
  const run = async (name: string) => merged.getRun(ids[name]!);
  assert.equal((await run("trial-1")).tags["champion"], "yes");
  assert.equal((await run("trial-1")).name, "trial one");
  assert.equal((await run("lone")).name, "lone, renamed");
  assert.equal((await run("sweep")).description, "**kept**");
  assert.equal((await run("trial-2")).tags["stage"], "prod");
  assert.ok((await run("trial-2")).deleted, "deleted in a, tagged in b: both hold");
  assert.equal((await run("trial-3")).tags["stage"], undefined);
  assert.deepEqual((await checkStore(merged.root)).problems, []);
});

test("two clones that tag the same run conflict only in that run's run.json, and runtree check explains it", { timeout: 120_000 }, async () => {
  const { a, b, ids } = await twoClones();
  await storeOf(a).setTag(ids["trial-1"]!, "stage", "prod");
  await storeOf(a).setTag(ids["lone"]!, "seen", "a");
  commitAll(a, "a: trial-1 to prod");
  git(a, "push", "-q", "origin", "main");
  await storeOf(b).setTag(ids["trial-1"]!, "stage", "archived");
  await storeOf(b).setTag(ids["trial-2"]!, "seen", "b");
  commitAll(b, "b: trial-1 archived");

  const conflicted = pull(b);
  assert.deepEqual(conflicted, [`mlruns/tuning/${ids["trial-1"]}/run.json`], "only the run both clones edited");

  const snapshot = await readStore(join(b, "mlruns"));
  assert.deepEqual(snapshot.problems.map((p) => [p.file, p.code]), [[`tuning/${ids["trial-1"]}/run.json`, "MERGE_CONFLICT"]]);
  assert.equal(snapshot.runs.length, 4, "every other run reads, with both clones' other edits");
  assert.equal(snapshot.runs.find((r) => r.id === ids["lone"])?.tags["seen"], "a");
  assert.equal(snapshot.runs.find((r) => r.id === ids["trial-2"])?.tags["seen"], "b");

  const check = await runCli(["check", join(b, "mlruns")]);
  assert.equal(check.code, 1);
  assert.match(check.stdout, new RegExp(`^tuning/${ids["trial-1"]}/run.json: unresolved git merge conflict: .*Keep one side`));
  await assert.rejects(storeOf(b).setTag(ids["trial-1"]!, "k", "v"), { code: "CORRUPT_FILE" }, "no edit builds on a conflicted file");

  // Resolved by taking one side, the store is whole again.
  git(b, "checkout", "--theirs", "--", `mlruns/tuning/${ids["trial-1"]}/run.json`);
  commitAll(b, "merge: keep a's stage");
  assert.deepEqual((await checkStore(join(b, "mlruns"))).problems, []);
  assert.equal((await storeOf(b).getRun(ids["trial-1"]!)).tags["stage"], "prod");
});

test("two clones that set different tags on the same run touch no other file: any conflict is that run's run.json", { timeout: 120_000 }, async () => {
  const { a, b, ids } = await twoClones();
  await storeOf(a).setTag(ids["trial-3"]!, "reviewer", "ann");
  commitAll(a, "a: reviewer");
  git(a, "push", "-q", "origin", "main");
  await storeOf(b).setTag(ids["trial-3"]!, "approved", "yes");
  commitAll(b, "b: approved");
  const conflicted = pull(b);
  for (const file of conflicted) assert.equal(file, `mlruns/tuning/${ids["trial-3"]}/run.json`);
  const problems = (await checkStore(join(b, "mlruns"))).problems;
  assert.deepEqual(problems.map((p) => p.code), conflicted.map(() => "MERGE_CONFLICT"));
});

test("a conflict left in an append-only history is explained per marker line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "runtree-git-edits-"));
  temps.push(dir);
  const store = openStore(join(dir, "mlruns"), { captureSource: false });
  const id = await store.experiment("tuning").run({ name: "r" }, (run) => {
    run.logMetric("loss", 1, { step: 0 });
    return run.id;
  });
  const history = join(store.root, "tuning", id, "metrics.jsonl");
  const [header, point] = readFileSync(history, "utf8").trimEnd().split("\n");
  writeFileSync(history, [header, "<<<<<<< HEAD", point, "=======", point!.replace('"step":0', '"step":1'), ">>>>>>> theirs", ""].join("\n"));
  const problems = (await checkStore(store.root)).problems;
  assert.deepEqual(problems.map((p) => [p.file.split(":").pop(), p.code]), [["2", "MERGE_CONFLICT"], ["4", "MERGE_CONFLICT"], ["6", "MERGE_CONFLICT"]]);
  assert.match(problems[0]!.message, /keep both sides' lines/);
});
