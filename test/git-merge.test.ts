import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore, readStore, type Store } from "../src/index.js";
import { checkStore } from "../src/load/check-store.js";
import { commitAllWith, gitIn, testGitEnv } from "./workers/git-env.js";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// A fresh CI machine: no user identity, no global config, no signing, whatever the default branch.
const git = gitIn(testGitEnv());
const commitAll = (clone: string, message: string) => commitAllWith(git, clone, message);

/** Merges origin/main into the clone; asserts git reported no conflict and left nothing unmerged. */
function pullMerging(clone: string): void {
  try {
    git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
  } catch (error) {
    const unmerged = git(clone, "diff", "--name-only", "--diff-filter=U");
    assert.fail(`git pull reported a conflict in:\n${unmerged}\n${String(error)}`);
  }
  assert.equal(git(clone, "diff", "--name-only", "--diff-filter=U"), "");
  assert.equal(git(clone, "status", "--porcelain"), "", "the merge left a clean working tree");
}

const EXPERIMENTS = ["tuning", "Nested Child Association", "Ünïcode sweep / lr=0.1"];

/** What one clone logs: in every experiment, a parent with children and a lone run. Returns the run ids by experiment. */
async function logSide(store: Store, side: string): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  for (const name of EXPERIMENTS) {
    const mine: string[] = [];
    const exp = store.experiment(name);
    await exp.run({ name: `${side}-parent`, tags: { side } }, async (parent) => {
      mine.push(parent.id);
      for (let i = 0; i < 3; i++) {
        await parent.child({ name: `${side}-child-${i}`, params: { i, side } }, (child) => {
          mine.push(child.id);
          child.logMetric("loss", 1 / (i + 1), { step: i });
        });
      }
    });
    await exp.run({ name: `${side}-lone` }, (run) => {
      mine.push(run.id);
      run.logParam("side", side);
      run.logMetrics({ loss: 0.5, acc: 0.9 }, { step: 1 });
    });
    ids.set(name, mine);
  }
  return ids;
}

async function addChildren(store: Store, parent: string, side: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const child = store.experiment("Nested Child Association").startRun({ parent, name: `${side}-late-child-${i}` });
    child.logMetric("loss", i);
    await child.end();
    ids.push(child.id);
  }
  return ids;
}

test("two clones that log runs into the same experiments, commit and merge never conflict, and the merge reads back every run", { timeout: 60_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), "runtree-git-"));
  temps.push(base);
  const origin = join(base, "origin.git");
  const [a, b] = [join(base, "a"), join(base, "b")];
  git(base, "init", "-q", "--bare", origin);
  git(base, "clone", "-q", origin, a);
  writeFileSync(join(a, "README.md"), "experiments\n");
  commitAll(a, "start");
  git(a, "push", "-q", "origin", "main");
  git(base, "clone", "-q", origin, b);

  // Round 1: both clones create the same experiments independently (same folders, same experiment.json).
  const storeA = openStore(join(a, "mlruns"));
  const storeB = openStore(join(b, "mlruns"));
  const fromA = await logSide(storeA, "a");
  const fromB = await logSide(storeB, "b");
  commitAll(a, "runs from a");
  git(a, "push", "-q", "origin", "main");
  commitAll(b, "runs from b");
  pullMerging(b);
  git(b, "push", "-q", "origin", "main");
  pullMerging(a);

  // Round 2: each clone adds children to a parent the other clone created, then they merge again.
  const parentOfB = fromB.get("Nested Child Association")?.[0] ?? "";
  const parentOfA = fromA.get("Nested Child Association")?.[0] ?? "";
  const lateA = await addChildren(storeA, parentOfB, "a");
  const lateB = [...(await addChildren(storeB, parentOfB, "b")), ...(await addChildren(storeB, parentOfA, "b"))];
  commitAll(a, "more runs from a");
  git(a, "push", "-q", "origin", "main");
  commitAll(b, "more runs from b");
  pullMerging(b);
  git(b, "push", "-q", "origin", "main");
  pullMerging(a);

  assert.equal(git(a, "rev-parse", "HEAD"), git(b, "rev-parse", "HEAD"), "both clones end on the same commit");
  assert.equal(git(a, "rev-list", "--merges", "--count", "HEAD"), "2", "both rounds were true merges, not fast-forwards");
  const expected = [...fromA.values(), ...fromB.values(), lateA, lateB].flat().sort();
  for (const clone of [a, b]) {
    const snapshot = await readStore(join(clone, "mlruns"));
    assert.deepEqual(snapshot.problems, []);
    assert.deepEqual(snapshot.runs.map((run) => run.id).sort(), expected);
    assert.deepEqual(snapshot.experiments.map((e) => e.name), [...EXPERIMENTS].sort());
    for (const run of snapshot.runs) assert.equal(run.status, "FINISHED");
    const childrenOfB = snapshot.runs.filter((run) => run.parentId === parentOfB).map((run) => run.name).sort();
    assert.deepEqual(childrenOfB, ["a-late-child-0", "a-late-child-1", "b-child-0", "b-child-1", "b-child-2", "b-late-child-0", "b-late-child-1"]);
    const childrenOfA = snapshot.runs.filter((run) => run.parentId === parentOfA).map((run) => run.name).sort();
    assert.deepEqual(childrenOfA, ["a-child-0", "a-child-1", "a-child-2", "b-late-child-0", "b-late-child-1"]);
    // Each child's link in its parent's folder came through the merge too, one file per child.
    for (const parent of [parentOfA, parentOfB]) {
      const dir = snapshot.runs.find((run) => run.id === parent)?.dir ?? "";
      const linked = readdirSync(join(dir, "children")).map((name) => name.replace(/\.json$/, ""));
      assert.deepEqual(linked.sort(), snapshot.runs.filter((run) => run.parentId === parent).map((run) => run.id).sort());
    }
    assert.deepEqual((await checkStore(join(clone, "mlruns"))).problems, []);
  }
});
