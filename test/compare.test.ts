/**
 * The compare page's logic without a browser: its address, what its tables say (where params differ,
 * which metric value is best), and the per-run summary files it reads, as the builder writes them. The
 * browser test (compare.browser.test.ts) checks the same through the DOM.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { compareLink, decodeCompareHash, encodeCompareHash, summarySrc } from "../src/client/compare/compare-hash.js";
import { bestColumns, metricRows, paramRows } from "../src/client/compare/compare-model.js";
import { decodeNumber, encodeNumber } from "../src/format/metric-value.js";
import { experimentDir } from "../src/format/experiment-dir.js";
import { buildReport } from "../src/report/build.js";
import type { RunSummary } from "../src/report/summary-data.js";
import { evaluateChunk, fakeAssets, filesOf, id, read, removeTemps, tempDir, writeExperiment } from "./report-fixtures.js";

after(removeTemps);

function summary(n: number, params: RunSummary["params"], metrics: Record<string, [number, number, number]> = {}): RunSummary {
  return {
    id: id(n),
    name: `run-${n}`,
    href: `runs/${id(n)}/index.html`,
    experiment: { name: "e", href: "experiments/e/index.html" },
    parent: null,
    status: "FINISHED",
    startTime: 0,
    endTime: 1,
    params,
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([key, [last, min, max]]) => [key, { last: encodeNumber(last), min: encodeNumber(min), max: encodeNumber(max), step: 0, count: 1 }]),
    ),
    curves: {},
  };
}

describe("the compare page's address", () => {
  test("runs keep their order, lose duplicates, and the view's choices round-trip", () => {
    const view = decodeCompareHash(`#runs=${id(2)},${id(1)},${id(2)},,x&only=1&goal=max&x=params.lr&y=${encodeURIComponent("metrics.val loss")}`);
    assert.deepEqual(view, { runs: [id(2), id(1), "x"], onlyDifferences: true, goal: "max", x: "params.lr", y: "metrics.val loss" });
    assert.deepEqual(decodeCompareHash(`#${encodeCompareHash(view)}`), view);
  });

  test("defaults are left out of the hash, and a link names the runs at the compare page", () => {
    assert.deepEqual(decodeCompareHash(""), { runs: [], onlyDifferences: false, goal: "min", x: null, y: null });
    assert.equal(compareLink("../../compare.html", [id(1), id(2)]), `../../compare.html#runs=${id(1)},${id(2)}`);
  });
});

describe("what the compare tables say", () => {
  test("a param differs when a value differs, when a run lacks it, and between 1 and \"1\"", () => {
    const rows = paramRows([summary(1, { lr: 0.1, opt: "adam", seed: 1, k: 1 }), summary(2, { lr: 0.2, opt: "adam", seed: 1, k: "1" }), summary(3, { lr: 0.1, seed: 1, k: 1 })]);
    assert.deepEqual(
      rows.map((row) => [row.key, row.differs]),
      [["k", true], ["lr", true], ["opt", true], ["seed", false]],
    );
    assert.deepEqual(rows.find((row) => row.key === "opt")?.values, ["adam", "adam", undefined]);
  });

  test("each metric row marks its best finite value for the goal, ties included, and nothing when all are equal or one is", () => {
    assert.deepEqual([...bestColumns([0.3, 0.1, NaN, 0.1], "min")], [1, 3]);
    assert.deepEqual([...bestColumns([0.3, 0.1, Infinity, undefined], "max")], [0]);
    assert.deepEqual([...bestColumns([0.2, 0.2], "min")], []);
    assert.deepEqual([...bestColumns([0.2, undefined], "min")], []);
    const rows = metricRows([summary(1, {}, { loss: [0.3, 0.1, 0.9] }), summary(2, {}, { loss: [0.2, 0.2, 0.5] })], "min");
    assert.deepEqual(
      rows.map((row) => `${row.key}.${row.stat}:${[...row.best].join()}`),
      ["loss.last:1", "loss.min:0", "loss.max:1"],
    );
  });
});

describe("the runs' summary files", () => {
  test("every run gets a summary beside its page that the compare page finds by id: names, links, params, metrics, curves", async () => {
    const root = tempDir();
    const store = `${root}/store`;
    writeExperiment(store, "Vision", [
      { n: 1, name: "sweep", extra: { objective: { metric: "loss", goal: "min" } } },
      { n: 2, parent: 1, name: "t <b>", params: { lr: 0.1, opt: "adam" }, metrics: { loss: [0.9, 0.5, NaN, 0.2], acc: [0.7] } },
    ]);
    writeExperiment(store, "Text", [{ n: 3, name: "", parent: 99, status: "FAILED" }]);
    const out = `${root}/site`;
    await buildReport({ store, out, assets: fakeAssets(root) });
    const files = filesOf(out);
    for (const n of [1, 2, 3]) assert.ok(files.includes(summarySrc(id(n))), `summary of run ${n}`);
    assert.ok(files.includes("compare.html"));

    const child = evaluateChunk(read(out, summarySrc(id(2))));
    assert.equal(child.src, summarySrc(id(2)));
    const data = child.data as RunSummary;
    assert.equal(data.name, "t <b>");
    assert.equal(data.href, `runs/${id(2)}/index.html`);
    assert.deepEqual(data.experiment, { name: "Vision", href: `experiments/${experimentDir("Vision")}/index.html` });
    assert.deepEqual(data.parent, { id: id(1), name: "sweep", href: `runs/${id(1)}/index.html` });
    assert.deepEqual(data.params, { lr: 0.1, opt: "adam" });
    assert.deepEqual(data.metrics["loss"], { last: 0.2, min: 0.2, max: 0.9, step: 3, count: 4 });
    assert.equal(decodeNumber(data.metrics["acc"]!.last), 0.7);
    assert.deepEqual(Object.keys(data.curves), ["loss"], "a metric logged once has no curve");
    assert.equal(data.curves["loss"]?.count, 4);

    const orphan = evaluateChunk(read(out, summarySrc(id(3)))).data as RunSummary;
    assert.deepEqual(orphan.parent, { id: id(99), name: "", href: "" });
    assert.equal(orphan.status, "FAILED");
    // The page is a static shell under the site's CSP: no inline script, the report's script at the root.
    const page = read(out, "compare.html");
    assert.match(page, /<body data-page="compare">/);
    assert.match(page, /<script src="assets\/report\.js"><\/script>/);
    assert.doesNotMatch(page, /<script>|style="/);
  });
});
