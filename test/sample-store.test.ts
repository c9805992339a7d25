/**
 * The committed sample store (`mlruns/`, written by examples/tune.ts and examples/quickstart.mjs) is what a
 * new user opens first and what the README's pictures show: MLflow's tutorial experiments, every file valid,
 * and no trace of the machine that wrote it.
 */
import assert from "node:assert/strict";
import { isAbsolute, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkStore, readStore } from "../src/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SAMPLE = join(ROOT, "mlruns");

test("the sample store holds MLflow's tutorial experiments and the quickstart, and checks clean", async () => {
  const snapshot = await readStore(SAMPLE);
  assert.deepEqual(
    snapshot.experiments.map((e) => e.name),
    ["Nested Child Association", "No Child Runs", "Parent Child Association Challenge", "quickstart"],
  );
  assert.deepEqual(snapshot.problems, []);
  assert.deepEqual((await checkStore(SAMPLE)).problems, []);
  const challenge = snapshot.runs.filter((run) => run.experiment === "Parent Child Association Challenge" && run.parentId === null);
  assert.deepEqual(challenge.map((run) => run.name).sort(), [0, 1, 2, 3, 4].map((n) => `parent_run_test_subset_test_${n}`));
  for (const parent of challenge) assert.ok(parent.bestChild, `${parent.name} records its best child`);
});

test("the sample store records its scripts and working directory relative to the repository, from a clean commit", async () => {
  const { runs } = await readStore(SAMPLE);
  assert.ok(runs.length > 0);
  for (const run of runs) {
    const source = run.source;
    assert.ok(source?.script && source.cwd && source.git, `${run.id} has source info`);
    assert.ok(!isAbsolute(source.script) && !isAbsolute(source.cwd), `${run.id}: ${source.script}, ${source.cwd}`);
    assert.match(source.script, /^examples\/(tune\.ts|quickstart\.mjs)$/);
    assert.equal(source.cwd, ".");
    assert.equal(source.git.dirty, false, `${run.id} was written from a clean checkout`);
    const remote = source.git.remote;
    assert.ok(remote === undefined || !(isAbsolute(remote) || remote.startsWith("file:")), `${run.id}: remote ${remote}`);
  }
});
