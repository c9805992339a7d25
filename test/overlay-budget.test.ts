/**
 * A sweep's overlay has a point budget per chart: the more curves, the fewer M4 buckets each, and reducing
 * a child's 250-bucket curve again gives exactly M4 over its full history (so every bucket keeps its true
 * first, last, min and max, spikes and NaN included). Checked on the pure functions and on a built report.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore } from "../src/index.js";
import { M4, bucketOf } from "../src/model/downsample.js";
import { buildReport } from "../src/report/build.js";
import { OVERLAY_BUCKETS } from "../src/report/chart-data.js";
import { OVERLAY_BUCKET_BUDGET, overlayBuckets, reduceCurve } from "../src/report/overlay-budget.js";
import { packXY } from "../src/report/pack.js";
import type { CurvesFile, OverlayCurve } from "../src/report/page-data.js";
import { unpack } from "../src/client/charts/unpack.js";
import { evaluateChunk, fakeAssets, removeTemps, tempDir } from "./report-fixtures.js";

after(removeTemps);

/** A seeded history: noise, spikes, a few NaN and infinities, and some steps logged twice. */
function history(seed: number, steps: number): { x: number[]; y: number[] } {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const x: number[] = [];
  const y: number[] = [];
  for (let step = 0; step < steps; step++) {
    const r = random();
    const value = r < 0.002 ? NaN : r < 0.003 ? Infinity : r < 0.004 ? -Infinity : (r < 0.01 ? 40 : 0) + Math.exp(-step / 3000) + 0.1 * random();
    x.push(step);
    y.push(value);
    if (random() < 0.01) {
      x.push(step);
      y.push(random());
    }
  }
  return { x, y };
}

/** M4 of the points as the builder reduces them (in logging order, time and arrival the index). */
function m4(buckets: number, x: readonly number[], y: readonly number[]): { x: number[]; y: number[] } {
  const reducer = new M4(buckets, x[0]!, x[x.length - 1]!);
  x.forEach((step, i) => reducer.add(step, y[i]!, i, i));
  const { x: kx, y: ky } = reducer.columns();
  return { x: kx, y: ky };
}

function overlayOf(x: readonly number[], y: readonly number[]): OverlayCurve {
  const kept = m4(OVERLAY_BUCKETS, x, y);
  return { ...packXY(kept.x, kept.y), count: x.length, mode: "step" };
}

describe("the overlay's point budget", () => {
  const table: Array<[number, number]> = [
    [1, 250],
    [50, 250],
    [51, 125],
    [100, 125],
    [101, 50],
    [200, 50],
    [250, 50],
    [251, 25],
  ];
  for (const [curves, buckets] of table) {
    test(`${curves} curves get ${buckets} buckets each`, () => {
      assert.equal(overlayBuckets(curves), buckets);
      assert.equal(OVERLAY_BUCKETS % buckets, 0, "a divisor, so coarse buckets are unions of fine ones");
      assert.ok(curves * buckets <= OVERLAY_BUCKET_BUDGET || buckets === 1);
    });
  }

  test("reducing a child's 250-bucket curve to any divisor gives M4 over its full history, point for point", () => {
    for (const seed of [1, 2, 3]) {
      const full = history(seed, 20_000 + seed * 77);
      const overlay = overlayOf(full.x, full.y);
      for (const buckets of [125, 50, 25, 10, 5, 2, 1]) {
        const reduced = unpack(reduceCurve(overlay, buckets));
        const truth = m4(buckets, full.x, full.y);
        assert.deepEqual([...reduced.x], truth.x, `x, seed ${seed}, ${buckets} buckets`);
        assert.deepEqual([...reduced.y], truth.y, `y, seed ${seed}, ${buckets} buckets`);
      }
    }
  });

  test("a curve short enough to draw whole at the coarser count is left whole, and the full count is kept", () => {
    const short = history(4, 150);
    const curve = overlayOf(short.x, short.y);
    assert.equal(reduceCurve(curve, 50), curve, "150 points ≤ 4 × 50: drawn whole");
    const long = history(5, 5_000);
    assert.equal(reduceCurve(overlayOf(long.x, long.y), 50).count, long.x.length);
  });
});

describe("a built sweep of 60 long children", () => {
  test("its curves file has 125 buckets per child, each keeping its bucket's true first, last, min and max", async () => {
    const dir = tempDir();
    const store = openStore(join(dir, "mlruns"), { captureSource: false, fsync: false });
    const truths = new Map<string, { x: number[]; y: number[] }>();
    let parentId = "";
    await store.experiment("budget").run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (parent) => {
      parentId = parent.id;
      for (let i = 0; i < 60; i++) {
        await parent.child({ name: `trial-${i}`, params: { i } }, (run) => {
          // One value per step: the steps are 0..1,499.
          const y = history(100 + i, 1_500).y.slice(0, 1_500);
          y.forEach((value, step) => run.logMetric("loss", value, { step }));
          truths.set(run.id, { x: y.map((_, step) => step), y });
        });
      }
    });
    const out = join(dir, "site");
    await buildReport({ store: join(dir, "mlruns"), out, assets: fakeAssets(dir) });
    const file = evaluateChunk(readFileSync(join(out, "runs", parentId, "curves", "0.js"), "utf8")).data as CurvesFile;
    assert.equal(file.buckets, 125);
    assert.equal(Object.keys(file.children).length, 60);
    for (const [id, truth] of truths) {
      const curve = file.children[id]!;
      assert.equal(curve.count, 1_500);
      const drawn = unpack(curve);
      assert.ok(drawn.x.length < 1_500, "downsampled");
      for (let bucket = 0; bucket < file.buckets; bucket++) {
        const inBucket = (x: number) => bucketOf(x, 0, 1_499, file.buckets) === bucket;
        const trueFinite = truth.y.filter((v, i) => inBucket(truth.x[i]!) && Number.isFinite(v));
        const drawnFinite = [...drawn.y].filter((v, i) => inBucket(drawn.x[i]!) && Number.isFinite(v));
        assert.equal(Math.min(...drawnFinite), Math.min(...trueFinite), `min of bucket ${bucket} of ${id}`);
        assert.equal(Math.max(...drawnFinite), Math.max(...trueFinite), `max of bucket ${bucket} of ${id}`);
        const trueNaN = truth.y.some((v, i) => inBucket(truth.x[i]!) && Number.isNaN(v));
        assert.equal([...drawn.y].some((v, i) => inBucket(drawn.x[i]!) && Number.isNaN(v)), trueNaN, `NaN marked in bucket ${bucket}`);
      }
      assert.equal(drawn.x[drawn.x.length - 1], 1_499);
      assert.equal(drawn.y[drawn.y.length - 1], truth.y[1_499], "the final value stays");
    }
  });
});
