/**
 * Scale, functionally: a store of many sweeps builds every page, pages its experiment table and reports no
 * problem. How fast it builds (10,000 and 100,000 runs) is measured by `npm run bench`, not here: a timed
 * test would fail at random on a loaded machine.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildReport } from "../src/report/build.js";
import { fakeAssets, id, read, removeTemps, rowsOf, tempDir, writeExperiment, type RunSpec } from "./report-fixtures.js";

after(removeTemps);

test("a 2,000-run store (400 parents × 4 children) builds a page per run and pages its table by 100 roots", { timeout: 120_000 }, async () => {
  const root = join(tempDir(), "mlruns");
  const runs: RunSpec[] = [];
  for (let p = 0; p < 400; p++) {
    const parent = 1 + p * 5;
    runs.push({ n: parent, name: `sweep-${p}`, params: { model: "mlp" }, extra: { objective: { metric: "loss", goal: "min" } } });
    for (let c = 1; c <= 4; c++) {
      const curve = Array.from({ length: 10 }, (_, step) => (1 + c) / (step + 1) + p / 10_000);
      runs.push({ n: parent + c, parent, name: `trial-${c}`, params: { lr: 10 ** -c, batch: 32 * c }, metrics: { loss: curve } });
    }
  }
  writeExperiment(root, "scale", runs);
  const out = join(tempDir(), "out");
  const result = await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
  assert.equal(result.runs, 2_000);
  assert.deepEqual(result.problems, []);
  assert.equal(readdirSync(join(out, "runs")).length, 2_000);
  // 400 top-level runs, 100 per static page, each root followed by its 4 children.
  assert.equal(readdirSync(join(out, "experiments", "scale")).filter((f) => f.endsWith(".html")).length, 4);
  const lastPage = rowsOf(read(out, "experiments/scale/page-4.html"));
  assert.equal(lastPage.length, 500);
  assert.deepEqual(lastPage.slice(0, 2).map((r) => [r.id, r.depth]), [[id(1501), 0], [id(1502), 1]]);
});
