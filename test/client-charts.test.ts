/**
 * The charts' arithmetic without a browser: scales and ticks, the sweep's axes and colours. The browser test checks that the charts are drawn.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rampColor } from "../src/client/charts/color.js";
import { finiteExtent, linearScale, logScale, niceDomain, pointScale, wantsLog } from "../src/client/charts/scale.js";
import { decodeSweepHash, encodeSweepHash } from "../src/client/sweep/sweep-hash.js";
import { bestChildId, defaultObjective, goodness, paramAxis, sweepModel } from "../src/client/sweep/sweep-model.js";
import type { ClientRun, SweepData } from "../src/report/page-data.js";

describe("scales", () => {
  test("ticks are round numbers inside the domain, without floating-point noise", () => {
    assert.deepEqual(linearScale([0, 1], [0, 100]).ticks(5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(linearScale([0.1, 0.7], [0, 100]).ticks(3), [0.2, 0.4, 0.6]);
  });

  test("a nice domain ends on ticks and a one-value domain is widened around its value", () => {
    assert.deepEqual(niceDomain([0.13, 0.91]), [0, 1]);
    const [lo, hi] = niceDomain([5, 5]);
    assert.ok(lo < 5 && hi > 5);
  });

  test("a linear scale maps and inverts, and the y range may run downwards", () => {
    const y = linearScale([0, 10], [200, 0]);
    assert.equal(y.map(10), 0);
    assert.equal(y.invert(100), 5);
  });

  test("categories sit at the centres of equal slots; an unknown one has no position", () => {
    const x = pointScale(["a", "b"], [0, 100]);
    assert.deepEqual([x.map("a"), x.map("b")], [25, 75]);
    assert.ok(Number.isNaN(x.map("c")));
  });

  test("positive values spanning two decades or more get a log scale with ticks on the powers of ten", () => {
    assert.equal(wantsLog([0.001, 0.01, 0.1]), true);
    assert.equal(wantsLog([0.01, 0.1]), false);
    assert.equal(wantsLog([0, 0.01, 10]), false);
    const x = logScale([0.001, 0.1], [0, 200]);
    assert.deepEqual(x.ticks(5), [0.001, 0.01, 0.1]);
    assert.deepEqual([x.map(0.001), x.map(0.01), x.map(0.1)], [0, 100, 200]);
    assert.equal(paramAxis("lr", [0.001, 0.01, 0.1]).label, "lr (log)");
  });

  test("the extent ignores NaN and the infinities and is null when nothing is finite", () => {
    assert.deepEqual(finiteExtent([3, NaN, -1, Infinity]), [-1, 3]);
    assert.equal(finiteExtent([NaN, -Infinity]), null);
  });
});

function child(id: string, params: ClientRun["params"], loss: number | "NaN" | undefined): ClientRun {
  return {
    id,
    name: id,
    parentId: "p",
    status: "FINISHED",
    abandoned: false,
    startTime: 0,
    endTime: 1,
    params,
    metrics: loss === undefined ? {} : { loss },
    tags: {},
    href: `${id}.html`,
  };
}

describe("sweep model", () => {
  test("a param is numeric only when every value is a number; otherwise its values are sorted categories", () => {
    assert.deepEqual(paramAxis("lr", [0.1, undefined, 0.01]), { kind: "linear", key: "lr", label: "lr", extent: [0.01, 0.1], log: false });
    assert.deepEqual(paramAxis("x", [2, "b", true, undefined]), {
      kind: "point",
      key: "x",
      label: "x",
      categories: ["2", "b", "true"],
    });
  });

  test("goodness is 1 for the best value whatever the goal, and null for a missing or NaN value", () => {
    const sweep: SweepData = {
      objective: { metric: "loss", goal: "min", declared: true },
      bestId: "a",
      children: [child("a", {}, 0.1), child("b", {}, 0.5), child("c", {}, "NaN"), child("d", {}, undefined)],
      paramKeys: [],
      metricKeys: ["loss"],
      curves: {},
      images: null,
    };
    const model = sweepModel(sweep);
    assert.deepEqual(model.children.map((c) => c.best), [true, false, false, false]);
    const good = goodness(model);
    assert.deepEqual([good(0.1), good(0.5), good(NaN), good(undefined)], [1, 0, null, null]);
    const max = goodness(sweepModel({ ...sweep, objective: { metric: "loss", goal: "max", declared: true } }));
    assert.equal(max(0.5), 1);
  });

  test("without a declared objective the first metric is minimised; the best child's value is finite and ties go to the earlier start", () => {
    const runs = [child("a", {}, "NaN"), { ...child("b", {}, 0.2), startTime: 5 }, { ...child("c", {}, 0.2), startTime: 3 }, child("d", {}, 0.9)];
    const sweep: SweepData = { objective: null, bestId: null, children: runs, paramKeys: [], metricKeys: ["loss", "z"], curves: {}, images: null };
    assert.deepEqual(defaultObjective(sweep), { metric: "loss", goal: "min" });
    assert.equal(bestChildId(runs, { metric: "loss", goal: "min" }), "c");
    assert.equal(bestChildId(runs, { metric: "loss", goal: "max" }), "d");
    assert.equal(bestChildId(runs, { metric: "z", goal: "max" }), null);
    const model = sweepModel(sweep, { metric: "loss", goal: "max" });
    assert.equal(model.bestId, "d");
    assert.deepEqual(model.children.filter((c) => c.best).map((c) => c.run.id), ["d"]);
    assert.deepEqual(defaultObjective({ ...sweep, objective: { metric: "z", goal: "max", declared: true } }), { metric: "z", goal: "max" });
  });

  test("the sweep's hash round-trips an objective with a colon in its key, a grouping param and an image, and drops keys the sweep lacks", () => {
    const state = { objective: { metric: "val:a/b", goal: "max" as const }, curves: "loss&x", group: "batch size,a=b", image: "plots/c m&x=1.png" };
    const hash = encodeSweepHash(state);
    assert.equal(hash, "o=val%3Aa%2Fb:max&m=loss%26x&cg=batch%20size%2Ca%3Db&i=plots%2Fc%20m%26x%3D1.png");
    assert.deepEqual(decodeSweepHash(`#${hash}`, ["val:a/b", "loss&x"], { params: ["batch size,a=b"], images: ["plots/c m&x=1.png"] }), state);
    assert.deepEqual(decodeSweepHash(hash, ["loss&x"]), { objective: null, curves: "loss&x", group: null, image: null });
    assert.deepEqual(decodeSweepHash("#o=loss:best&m=%E0%A4&cg=%E0%A4&i=%E0%A4", ["loss"], { params: ["lr"] }), { objective: null, curves: null, group: null, image: null });
    assert.equal(encodeSweepHash({ objective: null, curves: null, group: null, image: null }), "");
  });

  test("the colour ramp runs between two fixed colours and has a neutral colour for no value", () => {
    assert.match(rampColor(0), /^#[0-9a-f]{6}$/);
    assert.notEqual(rampColor(0), rampColor(1));
    assert.equal(rampColor(2), rampColor(1));
    assert.equal(rampColor(null), "#9a9a9a");
  });
});
