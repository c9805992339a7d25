/**
 * Scale: a store of 10,000 runs (2,000 sweeps of 4 trials, each trial with a 10-step loss curve) builds in
 * seconds, streaming pages to disk. The store is written file by file (the library's fsyncs would make the
 * setup take minutes); the 100,000-run case is exercised by `npm run bench`, not here.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildReport } from "../src/report/build.js";
import { fakeAssets, id, read, removeTemps, rowsOf, tempDir, writeExperiment, type RunSpec } from "./report-fixtures.js";

after(removeTemps);

/** Generous for a loaded 2-core machine; a healthy one builds this in well under half. */
const BUDGET_MS = 60_000;

test("a 10,000-run store (2,000 parents × 4 children) builds within the budget", { timeout: 180_000 }, async () => {
  const root = join(tempDir(), "mlruns");
  const runs: RunSpec[] = [];
  for (let p = 0; p < 2000; p++) {
    const parent = 1 + p * 5;
    runs.push({ n: parent, name: `sweep-${p}`, params: { model: "mlp" }, extra: { objective: { metric: "loss", goal: "min" } } });
    for (let c = 1; c <= 4; c++) {
      const curve = Array.from({ length: 10 }, (_, step) => (1 + c) / (step + 1) + p / 10_000);
      runs.push({ n: parent + c, parent, name: `trial-${c}`, params: { lr: 10 ** -c, batch: 32 * c }, metrics: { loss: curve } });
    }
  }
  writeExperiment(root, "scale", runs);
  const out = join(tempDir(), "out");
  const started = performance.now();
  const result = await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
  const elapsed = performance.now() - started;
  assert.equal(result.runs, 10_000);
  assert.deepEqual(result.problems, []);
  assert.equal(readdirSync(join(out, "runs")).length, 10_000);
  // 2,000 top-level runs, 100 per static page.
  assert.equal(readdirSync(join(out, "experiments", "scale")).filter((f) => f.endsWith(".html")).length, 20);
  assert.deepEqual(rowsOf(read(out, "experiments/scale/page-20.html")).slice(0, 2).map((r) => r.id), [id(9501), id(9502)]);
  assert.ok(elapsed < BUDGET_MS, `built in ${Math.round(elapsed)} ms`);
  process.stderr.write(`10,000 runs built in ${(elapsed / 1000).toFixed(1)} s\n`);
});
