/**
 * The charts' arithmetic without a browser: scales and ticks, history points, the sweep's axes and
 * colours. The browser test checks that the charts are drawn.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rampColor } from "../src/client/charts/color.js";
import { finiteExtent, linearScale, niceDomain, pointScale } from "../src/client/charts/scale.js";
import { historyPoints } from "../src/client/charts/series-points.js";
import { goodness, paramAxis, sweepModel } from "../src/client/sweep/sweep-model.js";
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

  test("the extent ignores NaN and the infinities and is null when nothing is finite", () => {
    assert.deepEqual(finiteExtent([3, NaN, -1, Infinity]), [-1, 3]);
    assert.equal(finiteExtent([NaN, -Infinity]), null);
  });
});

describe("history points", () => {
  test("points are ordered by step and non-finite values are counted", () => {
    const h = historyPoints({ steps: [2, 0, 1], values: [0.2, "NaN", 0.1], timestamps: [3, 1, 2] });
    assert.equal(h.xLabel, "step");
    assert.deepEqual(h.points.map((p) => p.x), [0, 1, 2]);
    assert.ok(Number.isNaN(h.points[0]?.y));
    assert.equal(h.nonFinite, 1);
  });

  test("a history logged without steps is plotted in logging order", () => {
    const h = historyPoints({ steps: [0, 0, 0], values: [3, 2, 1], timestamps: [1, 2, 3] });
    assert.equal(h.xLabel, "point");
    assert.deepEqual(h.points, [{ x: 0, y: 3 }, { x: 1, y: 2 }, { x: 2, y: 1 }]);
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
    assert.deepEqual(paramAxis("lr", [0.1, undefined, 0.01]), { kind: "linear", key: "lr", label: "lr", extent: [0.01, 0.1] });
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
    };
    const model = sweepModel(sweep);
    assert.deepEqual(model.children.map((c) => c.best), [true, false, false, false]);
    const good = goodness(model);
    assert.deepEqual([good(0.1), good(0.5), good(NaN), good(undefined)], [1, 0, null, null]);
    const max = goodness(sweepModel({ ...sweep, objective: { metric: "loss", goal: "max", declared: true } }));
    assert.equal(max(0.5), 1);
  });

  test("the colour ramp runs between two fixed colours and has a neutral colour for no value", () => {
    assert.match(rampColor(0), /^#[0-9a-f]{6}$/);
    assert.notEqual(rampColor(0), rampColor(1));
    assert.equal(rampColor(2), rampColor(1));
    assert.equal(rampColor(null), "#9a9a9a");
  });
});
