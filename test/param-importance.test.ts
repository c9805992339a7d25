/**
 * Parameter importance on seeded sweeps whose answer is known: an objective that depends on one param only
 * ranks it first with the others near zero (also when the effect is not monotone, where Spearman is blind),
 * two params with a known ratio of variance come out in that order and roughly that ratio, categorical and
 * missing values count, and a sweep of 10,000 trials is handled.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { seededRandom } from "../scripts/seeded-random.js";
import { paramImportance, ranks, spearman, type Trial } from "../src/model/param-importance.js";

function sweep(n: number, seed: number, objective: (p: Record<string, number | string>, noise: number) => number): Trial[] {
  const random = seededRandom(seed);
  const trials: Trial[] = [];
  for (let i = 0; i < n; i++) {
    const params = {
      a: random(),
      b: random(),
      lr: 10 ** (-5 + 4 * random()),
      opt: ["sgd", "adam", "rmsprop"][Math.floor(random() * 3)]!,
    };
    trials.push({ params, value: objective(params, random() - 0.5) });
  }
  return trials;
}

const KEYS = ["a", "b", "lr", "opt"];

function byKey(result: ReturnType<typeof paramImportance>): Record<string, number> {
  return Object.fromEntries(result.map((r) => [r.key, r.importance ?? NaN]));
}

test("an objective that depends on one param only ranks it first, the others near zero", () => {
  const result = paramImportance(sweep(500, 1, (p) => 3 * (p["a"] as number)), KEYS);
  assert.equal(result[0]!.key, "a");
  const imp = byKey(result);
  assert.ok(imp["a"]! > 0.9, `a explains ${imp["a"]}`);
  for (const key of ["b", "lr", "opt"]) assert.ok(imp[key]! < 0.03, `${key} explains ${imp[key]}`);
  assert.ok(result[0]!.spearman! > 0.99);
});

test("a non-monotone effect (a valley in log lr) is found, where Spearman sees nothing", () => {
  const result = paramImportance(sweep(1000, 2, (p, noise) => (Math.log10(p["lr"] as number) + 3) ** 2 + 0.05 * noise), KEYS);
  assert.equal(result[0]!.key, "lr");
  const imp = byKey(result);
  assert.ok(imp["lr"]! > 0.8, `lr explains ${imp["lr"]}`);
  for (const key of ["a", "b", "opt"]) assert.ok(imp[key]! < 0.03, `${key} explains ${imp[key]}`);
  assert.ok(Math.abs(result[0]!.spearman!) < 0.2, `spearman ${result[0]!.spearman}`);
});

test("two params with a known ratio of effect rank in that order, at roughly that ratio", () => {
  // y = 2a + b with a and b uniform and independent: a explains 4/5 of the variance and b 1/5, ratio 4.
  const result = paramImportance(sweep(2000, 3, (p) => 2 * (p["a"] as number) + (p["b"] as number)), KEYS);
  assert.deepEqual(result.slice(0, 2).map((r) => r.key), ["a", "b"]);
  const imp = byKey(result);
  const ratio = imp["a"]! / imp["b"]!;
  assert.ok(ratio > 3.3 && ratio < 4.8, `ratio ${ratio} (a ${imp["a"]}, b ${imp["b"]})`);
  assert.ok(Math.abs(imp["a"]! - 0.8) < 0.05 && Math.abs(imp["b"]! - 0.2) < 0.05);
  assert.ok(imp["lr"]! < 0.02 && imp["opt"]! < 0.02);
});

test("a categorical param is binned by value and has no Spearman", () => {
  const cost: Record<string, number> = { sgd: 1, adam: 0, rmsprop: 0.5 };
  const result = paramImportance(sweep(300, 4, (p, noise) => cost[p["opt"] as string]! + 0.1 * noise), KEYS);
  assert.equal(result[0]!.key, "opt");
  assert.equal(result[0]!.spearman, null);
  assert.equal(result[0]!.bins, 3);
  assert.ok(result[0]!.importance! > 0.9);
});

test("a missing value is a value of its own; a param with one value is left out", () => {
  const trials: Trial[] = [];
  for (let i = 0; i < 40; i++) trials.push({ params: i % 2 === 0 ? { seed: 1, warmup: 100 } : { seed: 1 }, value: i % 2 === 0 ? 1 : 0 });
  const result = paramImportance(trials, ["seed", "warmup"]);
  assert.deepEqual(result.map((r) => r.key), ["warmup"]);
  assert.equal(result[0]!.importance, 1);
});

test("too few trials for the bins give an unknown importance, listed last; non-finite values are not trials", () => {
  const trials: Trial[] = [
    { params: { a: 1, b: "x" }, value: 1 },
    { params: { a: 2, b: "y" }, value: 2 },
    { params: { a: 3, b: "x" }, value: NaN },
  ];
  const result = paramImportance(trials, ["a", "b"]);
  assert.deepEqual(result.map((r) => [r.key, r.importance, r.trials]), [["a", null, 2], ["b", null, 2]]);
});

test("ranks average ties and Spearman reads them", () => {
  assert.deepEqual(ranks([10, 20, 10, 30]), [1.5, 3, 1.5, 4]);
  assert.equal(spearman([1, 2, 3, 4], [10, 100, 1000, 10000]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), null);
});

test("10,000 trials of 20 params are ranked, the driving param first", () => {
  const random = seededRandom(5);
  const keys = Array.from({ length: 20 }, (_, i) => `p${String(i).padStart(2, "0")}`);
  const trials: Trial[] = [];
  for (let i = 0; i < 10_000; i++) {
    const params: Record<string, number> = {};
    for (const key of keys) params[key] = Math.round(random() * 1000) / 1000;
    trials.push({ params, value: (params["p13"] as number) * 5 + random() });
  }
  const result = paramImportance(trials, keys);
  assert.equal(result.length, 20);
  assert.equal(result[0]!.key, "p13");
  assert.equal(result[0]!.bins, 10);
  for (const r of result.slice(1)) assert.ok(r.importance! < 0.01, `${r.key} explains ${r.importance}`);
});
