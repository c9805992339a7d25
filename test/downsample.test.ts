/**
 * The long-history machinery without a browser: M4 keeps what a line chart must show, the packed points
 * round-trip exactly, the streaming reader accepts and rejects exactly what the whole-file reader does, a
 * long run's chart data is bounded and its chunks hold the full history, and the chart view's hash
 * round-trips.
 */
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { M4, bucketOf } from "../src/model/downsample.js";
import { packPoints } from "../src/report/pack.js";
import { unpack } from "../src/client/charts/unpack.js";
import { smooth } from "../src/client/charts/smooth.js";
import { decodeChartHash, encodeChartHash, XAxis } from "../src/client/charts/chart-hash.js";
import { streamMetricsFile } from "../src/reader/metrics-stream.js";
import { readMetricsFile } from "../src/reader/metrics-file.js";
import { fsSource, openStore, readStore } from "../src/index.js";
import { CHART_BUCKETS, CHUNK_POINTS, readRunCharts } from "../src/report/chart-data.js";
import type { PackedPoints } from "../src/report/page-data.js";
import { evaluateChunk } from "./report-fixtures.js";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "runtree-downsample-"));
  dirs.push(dir);
  return dir;
}

describe("M4", () => {
  test("each bucket keeps its first, last, lowest and highest point, whatever the input order", () => {
    const ys = [5, 1, 9, 3, 7, 2, 8, 4];
    const forward = new M4(2, 0, 7);
    ys.forEach((y, x) => forward.add(x, y, 100 + x, x));
    const backward = new M4(2, 0, 7);
    [...ys.keys()].reverse().forEach((x) => backward.add(x, ys[x]!, 100 + x, x));
    const expected = { x: [0, 1, 2, 3, 4, 5, 6, 7], y: [5, 1, 9, 3, 7, 2, 8, 4], t: [100, 101, 102, 103, 104, 105, 106, 107] };
    // Bucket 0 is steps 0-3 (first 0, min 1, max 2, last 3), bucket 1 steps 4-7 (first 4, min 5, max 6, last 7).
    assert.deepEqual(forward.columns(), expected);
    assert.deepEqual(backward.columns(), expected);
  });

  test("a point that is both first and min is kept once, and a long flat stretch shrinks to its ends", () => {
    const m4 = new M4(1, 0, 999);
    for (let x = 0; x < 1000; x++) m4.add(x, x === 500 ? -1 : 0, x, x);
    assert.deepEqual(m4.columns().x, [0, 500, 999]);
  });

  test("NaN and the infinities are kept (first of each per bucket) and never become the min or max", () => {
    const m4 = new M4(1, 0, 9);
    [1, NaN, 3, Infinity, NaN, -Infinity, 2, Infinity, 0.5, 1.5].forEach((y, x) => m4.add(x, y, x, x));
    const { x, y } = m4.columns();
    assert.deepEqual(x, [0, 1, 2, 3, 5, 8, 9]);
    assert.deepEqual(y, [1, NaN, 3, Infinity, -Infinity, 0.5, 1.5]);
  });

  test("buckets cut the whole-number range evenly and clamp what lies outside", () => {
    assert.deepEqual([0, 99, 100, 199].map((x) => bucketOf(x, 0, 199, 2)), [0, 0, 1, 1]);
    assert.equal(bucketOf(-5, 0, 199, 2), 0);
    assert.equal(bucketOf(500, 0, 199, 2), 1);
  });
});

describe("packed points", () => {
  test("steps, values (NaN and ±Infinity included) and times round-trip exactly", () => {
    const x = [0, 1, 5, 1_000_000];
    const y = [0.1 + 0.2, NaN, -Infinity, Number.MIN_VALUE];
    const t = [1_704_067_200_000, 1_704_067_200_250, 1_704_067_201_000, 1_704_067_900_000];
    const packed = packPoints(x, y, t);
    assert.deepEqual(packed.x, [0, 1, 4, 999_995], "x is delta-encoded");
    const back = unpack(packed);
    assert.deepEqual([[...back.x], [...back.y], [...back.t]], [x, y, t]);
  });

  test("NaN is always written as the same bytes", () => {
    const weird = new Float64Array(new BigUint64Array([0x7ff8_0000_0000_0001n]).buffer)[0]!;
    assert.ok(Number.isNaN(weird));
    assert.equal(packPoints([0], [weird], [0]).y, packPoints([0], [NaN], [0]).y);
  });
});

describe("smoothing", () => {
  test("is TensorBoard's debiased EMA, leaves a weight of 0 and non-finite values alone", () => {
    assert.deepEqual([...smooth([1, 2, 3], 0)], [1, 2, 3]);
    const s = smooth([1, NaN, 3], 0.5);
    assert.equal(s[0], 1);
    assert.ok(Number.isNaN(s[1]));
    // last = 0.5 * (0.5 * 1) + 0.5 * 3 = 1.75; debiased by 1 - 0.5^2.
    assert.equal(s[2], 1.75 / 0.75);
  });
});

describe("the chart view's hash", () => {
  test("round-trips an axis, a zoom, smoothing and log scale for keys with spaces and colons", () => {
    const view = { axis: XAxis.Relative, zoom: [10, 2000] as const, smoothing: new Map([["a b:c", 0.9]]), log: new Set(["a b:c", "loss"]) };
    const hash = encodeChartHash(view);
    assert.equal(hash, "x=rel&z=10~2000&sm=a%20b%3Ac:0.9&log=a%20b%3Ac,loss");
    assert.deepEqual(decodeChartHash(`#${hash}&o=loss:min`, ["a b:c", "loss"]), view);
  });

  test("ignores malformed parts and metrics the page does not chart", () => {
    const view = decodeChartHash("#x=nope&z=5~1&sm=loss:2,other:0.5,%E0:0.3&log=%zz,other", ["loss"]);
    assert.deepEqual(view, { axis: XAxis.Step, zoom: null, smoothing: new Map(), log: new Set() });
  });
});

describe("the streaming reader", () => {
  test("accepts and rejects exactly the lines the whole-file reader does, with the same problems", async () => {
    const dir = tempDir();
    const file = join(dir, "metrics.jsonl");
    const lines = [
      `{"format":1,"run":"0123456789abcdef0123456789abcdef"}`,
      `{"key":"loss","value":0.5,"step":0,"timestamp":1}`,
      `{"key":"loss","value":"NaN","step":1,"timestamp":2}`,
      `{"key":"lo\\u0073s","value":1e-7,"step":2,"timestamp":3}`,
      `{"key":"épsilon","value":-0,"step":3,"timestamp":4}`,
      `{"key":"loss","value":01,"step":4,"timestamp":5}`,
      `{"key":"bad..key","value":1,"step":5,"timestamp":6}`,
      `{"key":"loss","value":1,"step":1.5,"timestamp":7}`,
      `{"value":1,"key":"loss","step":6,"timestamp":8}`,
      ``,
      `{"key":"loss","value":2,"step":7,"timestamp":9`,
      `{"key":"loss","value":3,"step":8,"timestamp":10}`,
    ];
    appendFileSync(file, lines.join("\n"));
    const streamed: unknown[] = [];
    const problems = streamMetricsFile(file, "m.jsonl", (key, value, step, timestamp) => streamed.push({ key, value, step, timestamp }));
    const whole = await readMetricsFile(fsSource(dir), "metrics.jsonl", "m.jsonl");
    assert.deepEqual(streamed, whole.points);
    assert.deepEqual(problems, whole.problems);
    assert.equal(streamed.length, 7);
  });

  test("reads a file much larger than its block, line numbers intact", () => {
    const dir = tempDir();
    const file = join(dir, "metrics.jsonl");
    const body = Array.from({ length: 60_000 }, (_, i) => `{"key":"k","value":${i / 7},"step":${i},"timestamp":${i}}`).join("\n");
    appendFileSync(file, `${body}\nnot json\n`);
    let n = 0;
    let last = -1;
    const problems = streamMetricsFile(file, "m", (_key, value, step) => {
      n++;
      assert.equal(value, step / 7);
      last = step;
    });
    assert.equal(n, 60_000);
    assert.equal(last, 59_999);
    assert.deepEqual(problems.map((p) => [p.file, p.code]), [["m:60001", "CORRUPT_FILE"]]);
  });
});

describe("a long run's chart data", () => {
  test("is bounded by the buckets, and its chunks hold every point in step order, even when logged out of order", async () => {
    const dir = tempDir();
    const store = openStore(join(dir, "mlruns"), { captureSource: false, fsync: false, clock: () => 1_000 });
    const steps = 2 * CHUNK_POINTS + 10;
    const run = store.experiment("e").startRun({ name: "long" });
    // Logged backwards in two halves: the history is not in step order.
    for (let step = steps - 1; step >= steps / 2; step--) run.logMetric("loss", step % 97, { step });
    for (let step = 0; step < steps / 2; step++) run.logMetric("loss", step % 97, { step });
    run.logMetric("short", 1, { step: 0 });
    await run.end();
    const [record] = (await readStore(join(dir, "mlruns"))).runs;
    const files = new Map<string, string>();
    const charts = await readRunCharts(record!, (relative, content) => files.set(relative, content), []);
    const loss = charts.series.get("loss")!;
    assert.equal(loss.count, steps);
    assert.equal(loss.buckets, CHART_BUCKETS);
    assert.ok(loss.points.x.length <= 4 * CHART_BUCKETS);
    assert.deepEqual(loss.chunks.map((c) => [c.src, c.from, c.to, c.count]), [
      ["history/0-0.js", 0, CHUNK_POINTS - 1, CHUNK_POINTS],
      ["history/0-1.js", CHUNK_POINTS, 2 * CHUNK_POINTS - 1, CHUNK_POINTS],
      ["history/0-2.js", 2 * CHUNK_POINTS, steps - 1, 10],
    ]);
    const all = loss.chunks.flatMap((chunk) => {
      const { src, data } = evaluateChunk(files.get(chunk.src)!);
      assert.equal(src, chunk.src);
      const points = unpack(data as PackedPoints);
      return [...points.x].map((x, i) => [x, points.y[i]]);
    });
    assert.deepEqual(all, Array.from({ length: steps }, (_, step) => [step, step % 97]));
    const short = charts.series.get("short")!;
    assert.deepEqual([short.count, short.buckets, short.chunks.length], [1, 0, 0]);
    assert.equal(charts.overlay.has("short"), false, "a single point is no curve");
    assert.equal(readFileSync(join(record!.dir, "metrics.jsonl"), "utf8").split("\n").length, steps + 3, "the store is left alone");
  });
});

describe("a short run's chart data", () => {
  test("is the whole history in (step, time) order, on the run's chart and its parent's overlay alike, however it was logged", async () => {
    const dir = tempDir();
    let now = 0;
    const store = openStore(join(dir, "mlruns"), { captureSource: false, fsync: false, clock: () => ++now });
    const run = store.experiment("e").startRun({ name: "short" });
    // In order; backwards; a step logged twice (its later value second); a step logged twice with the earlier
    // time logged last (drawn by time); one step for all (drawn by arrival).
    for (const step of [0, 1, 2, 3]) run.logMetric("ordered", step * 10, { step });
    for (const step of [3, 2, 1, 0]) run.logMetric("backwards", step * 10, { step });
    for (const [step, value] of [[1, 10], [0, 0], [1, 11], [2, 20]] as const) run.logMetric("twice", value, { step });
    for (const [step, value, timestamp] of [[0, 0, 1], [1, 12, 9], [1, 11, 8], [2, 20, 10]] as const) run.logMetric("times", value, { step, timestamp });
    for (const value of [5, 4, 6]) run.logMetric("one step", value, { step: 7 });
    await run.end();
    const [record] = (await readStore(join(dir, "mlruns"))).runs;
    const charts = await readRunCharts(record!, () => assert.fail("a short history has no chunks"), []);
    const expected: Record<string, Array<[number, number]>> = {
      ordered: [[0, 0], [1, 10], [2, 20], [3, 30]],
      backwards: [[0, 0], [1, 10], [2, 20], [3, 30]],
      twice: [[0, 0], [1, 10], [1, 11], [2, 20]],
      times: [[0, 0], [1, 11], [1, 12], [2, 20]],
      "one step": [[0, 5], [1, 4], [2, 6]],
    };
    for (const [key, points] of Object.entries(expected)) {
      const series = charts.series.get(key)!;
      assert.equal(series.buckets, 0, `${key} is drawn whole`);
      const drawn = unpack(series.points);
      assert.deepEqual([...drawn.x].map((x, i) => [x, drawn.y[i]]), points, `${key} on its chart`);
      const overlay = unpack(charts.overlay.get(key)!);
      assert.deepEqual([...overlay.x].map((x, i) => [x, overlay.y[i]]), points, `${key} on the overlay`);
    }
  });
});
