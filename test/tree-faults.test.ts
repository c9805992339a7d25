/**
 * Runs that cannot sit under their parent: an orphan (its parent is gone), a run that is its own parent,
 * and a loop of parent links (a → b → a). A review found all three silently shown as top-level runs. The
 * tree still shows them at the top, so everything renders, but the reader, `runtree check` and the report
 * now name each one, and a loop never makes anything walk forever.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { buildForest, descendants, openStore, readStore } from "../src/index.js";
import { findTreeFaults } from "../src/model/tree.js";
import { buildReport } from "../src/report/build.js";
import { runCli } from "./workers/cli-runner.js";
import { experimentRuns, fakeAssets, filesOf, id, read, removeTemps, rowsOf, runRecord, tempDir, writeExperiment } from "./report-fixtures.js";

after(removeTemps);

/** Runs 1–13 of one experiment: a good sweep, then every way a parent link can go wrong. */
const FAULTY = [
  { n: 1, name: "sweep" },
  { n: 2, parent: 1, name: "trial" },
  { n: 3, parent: 2, name: "fold" },
  { n: 4, parent: 99, name: "orphan" }, // its parent was deleted by hand
  { n: 5, parent: 5, name: "self-parent" },
  { n: 6, parent: 7, name: "loop-a" },
  { n: 7, parent: 6, name: "loop-b" },
  { n: 8, parent: 6, name: "below-the-loop" }, // not on the loop: it stays under loop-a
  { n: 9, parent: 11, name: "loop3-a" },
  { n: 10, parent: 9, name: "loop3-b" },
  { n: 11, parent: 10, name: "loop3-c" },
  { n: 12, parent: 4, name: "child-of-orphan" },
  { n: 13, parent: 14, name: "parent-unreadable" },
] as const;

describe("the tree of runs with broken parent links", () => {
  const runs = FAULTY.map((spec) => runRecord({ n: spec.n, name: spec.name, parentId: "parent" in spec ? id(spec.parent) : null }));

  test("findTreeFaults names each orphan, and each loop from its lowest id in link order (a self-parent is a loop of one)", () => {
    const faults = findTreeFaults(runs);
    assert.deepEqual(faults.orphans.map((run) => run.name), ["orphan", "parent-unreadable"]);
    assert.deepEqual(
      faults.cycles.map((loop) => loop.map((run) => run.name)),
      [["self-parent"], ["loop-a", "loop-b"], ["loop3-a", "loop3-c", "loop3-b"]],
    );
  });

  test("buildForest puts orphans and the runs of a loop at the top, and keeps every other run under its parent", () => {
    const forest = buildForest(runs);
    const names = (list: readonly { name: string }[]) => list.map((run) => run.name);
    assert.deepEqual(names(forest.roots), ["sweep", "orphan", "self-parent", "loop-a", "loop-b", "loop3-a", "loop3-b", "loop3-c", "parent-unreadable"]);
    assert.deepEqual(names(descendants(forest, id(1))), ["trial", "fold"]);
    assert.deepEqual(names(descendants(forest, id(6))), ["below-the-loop"]);
    assert.deepEqual(names(descendants(forest, id(4))), ["child-of-orphan"]);
    assert.equal(forest.depthOf.size, runs.length, "every run has a place, once");
    assert.equal(forest.depthOf.get(id(8)), 1);
  });

  test("descendants of a chain deeper than the call stack: a chain 50,000 runs deep, and the same chain closed into one loop", () => {
    const depth = 50_000;
    const chain = Array.from({ length: depth }, (_, i) => ({ id: id(i + 1), parentId: i === 0 ? null : id(i), startTime: i }));
    const forest = buildForest(chain);
    assert.equal(forest.depthOf.get(id(depth)), depth - 1);
    assert.equal(descendants(forest, id(1)).length, depth - 1);
    const loop = chain.map((run, i) => (i === 0 ? { ...run, parentId: id(depth) } : run));
    const faults = findTreeFaults(loop);
    assert.equal(faults.cycles.length, 1);
    assert.equal(faults.cycles[0]!.length, depth);
    assert.equal(buildForest(loop).roots.length, depth, "each run of the loop at the top, once");
  });
});

describe("a store with broken parent links", () => {
  function faultyStore(): string {
    const root = join(tempDir(), "mlruns");
    writeExperiment(root, "faults", FAULTY.map((spec) => ({ ...spec })));
    const dir = writeExperiment(root, "faults", [{ n: 14, name: "broken" }]);
    // Run 14 exists but its run.json is torn: its child is an orphan whose parent "could not be read".
    rmSync(join(dir, id(14), "run.json"));
    writeExperiment(root, "clean", [{ n: 20, name: "clean-parent" }, { n: 21, parent: 20, name: "clean-child" }]);
    return root;
  }

  const expected = (dir: string) => [
    [`${dir}/${id(4)}/run.json`, "ORPHAN_RUN", new RegExp(`^names parent run ${id(99)}, which is not in experiment "faults" .*; shown as a top-level run$`)],
    [`${dir}/${id(5)}/run.json`, "PARENT_CYCLE", /^names itself as its parent; shown as a top-level run$/],
    [`${dir}/${id(6)}/run.json`, "PARENT_CYCLE", new RegExp(`loop \\(${id(6)} → ${id(7)} → ${id(6)}\\)`)],
    [`${dir}/${id(7)}/run.json`, "PARENT_CYCLE", new RegExp(`loop \\(${id(6)} → ${id(7)} → ${id(6)}\\)`)],
    [`${dir}/${id(9)}/run.json`, "PARENT_CYCLE", new RegExp(`loop \\(${id(9)} → ${id(11)} → ${id(10)} → ${id(9)}\\)`)],
    [`${dir}/${id(10)}/run.json`, "PARENT_CYCLE", /loop/],
    [`${dir}/${id(11)}/run.json`, "PARENT_CYCLE", /loop/],
    [`${dir}/${id(13)}/run.json`, "ORPHAN_RUN", new RegExp(`^names parent run ${id(14)}, which could not be read`)],
    [`${dir}/${id(14)}/run.json`, "MISSING_FILE", /file is missing/],
  ] as const;

  test("readStore reports each orphan and each run of a loop once, with its file and the reason, and still reads every readable run", async () => {
    const root = faultyStore();
    const snapshot = await readStore(root);
    assert.equal(snapshot.runs.length, 15);
    const found = [...snapshot.problems].sort((a, b) => (a.file < b.file ? -1 : 1));
    const dir = snapshot.experiments.find((e) => e.name === "faults")!.dir;
    assert.equal(found.length, expected(dir).length, JSON.stringify(found, null, 2));
    expected(dir).forEach(([file, code, message], i) => {
      assert.equal(found[i]!.file, file);
      assert.equal(found[i]!.code, code);
      assert.match(found[i]!.message, message);
    });
  });

  test("runtree check exits 1 and prints one line naming each, with the missing parent of an orphan", async () => {
    const root = faultyStore();
    const result = await runCli(["check", root]);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stdout.trim().split("\n");
    assert.equal(lines.length, 10, "nine problems, then the summary");
    assert.ok(lines.some((line) => line.includes(`${id(4)}/run.json: names parent run ${id(99)}`)));
    assert.equal(lines.filter((line) => line.includes("shown as a top-level run")).length, 8);
    assert.match(lines[9]!, /^9 problem\(s\) in 2 experiments, 15 runs/);
    assert.equal(result.stderr, "");
  });

  test("the report names each on its problems page and in one warning each, and renders every run where the tree puts it", async () => {
    const root = faultyStore();
    const out = join(tempDir(), "out");
    const cwd = tempDir();
    const result = await runCli(["report", root, out, "--quiet"], cwd);
    assert.equal(result.code, 0, result.stderr);
    const warnings = result.stderr.trim().split("\n");
    assert.equal(warnings.length, 9);
    assert.equal(warnings.filter((line) => /^warning: .*(ORPHAN|names parent run|loop|itself)/.test(line)).length, 8);
    const problems = read(out, "problems.html");
    for (const code of ["ORPHAN_RUN", "PARENT_CYCLE"]) assert.ok(problems.includes(code), code);
    assert.match(read(out, "index.html"), />9 problems<\/a>/);

    const slug = filesOf(out).find((p) => /^experiments\/faults[^/]*\/index\.html$/.test(p))!.split("/")[1]!;
    const rows = rowsOf(read(out, `experiments/${slug}/index.html`));
    assert.equal(rows.length, 13);
    const depth = new Map(rows.map((row) => [row.id, row.depth]));
    for (const n of [1, 4, 5, 6, 7, 9, 10, 11, 13]) assert.equal(depth.get(id(n)), 0, `run ${n} is at the top`);
    for (const [n, d] of [[2, 1], [3, 2], [8, 1], [12, 1]] as const) assert.equal(depth.get(id(n)), d, `run ${n} is at depth ${d}`);
    const { runs } = experimentRuns(out, slug);
    assert.equal(runs.count, 13);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]) assert.ok(filesOf(out).includes(`runs/${id(n)}/index.html`), `run ${n} has a page`);
    const loopPage = read(out, `runs/${id(6)}/index.html`);
    assert.match(loopPage, new RegExp(`<dd class="missing"><code>${id(7)}</code> \\(missing from its experiment, or a loop of parent links: see <a href="../../problems.html">problems</a>\\)`));
  });

  test("a store written through the library has none of these problems", async () => {
    const root = join(tempDir(), "mlruns");
    const store = openStore(root, { captureSource: false });
    await store.experiment("e").run({ name: "p" }, async (parent) => {
      await parent.child({ name: "c" }, async (child) => {
        await child.child({ name: "g" }, () => undefined);
      });
    });
    assert.deepEqual((await readStore(root)).problems, []);
    const out = join(tempDir(), "out");
    const result = await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
    assert.deepEqual(result.problems, []);
  });
});
