/**
 * The filter box's placeholder example (src/client/runs/filter-example.ts) is written with the experiment's
 * own keys and values, parses, and matches the run its values came from, whatever the keys and values hold.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileFilterText } from "../src/client/runs/filter-compile.js";
import { filterExample } from "../src/client/runs/filter-example.js";
import { filterTree } from "../src/client/runs/filter-tree.js";
import { RunData } from "../src/client/runs/run-data.js";
import { buildRunIndex } from "../src/client/runs/run-index.js";
import { buildForest } from "../src/model/tree.js";
import type { SliceRun } from "../src/report/run-slices.js";
import { planRunData } from "../src/report/run-slices.js";

function run(id: string, extra: Partial<SliceRun>): SliceRun {
  return { id, name: id, parentId: null, status: "FINISHED", abandoned: false, startTime: 1, endTime: 2, params: {}, metrics: {}, tags: {}, ...extra };
}

function dataOf(runs: readonly SliceRun[]): RunData {
  const planned = planRunData({ name: "exp", runs, forest: buildForest(runs) }, (r) => `../../runs/${r.id}/index.html`);
  return new RunData(JSON.parse(JSON.stringify(planned.data)));
}

const cases: Array<{ rule: string; runs: SliceRun[]; example: string; matches: string[] }> = [
  {
    rule: "a metric below a value a run has (two digits, rounded up) and a param equal to one a run has",
    runs: [run("a", { params: { lr: 0.1 }, metrics: { acc: 0.5 } }), run("b", { params: { lr: 0.2 }, metrics: { acc: 0.9 } })],
    example: "metrics.acc < 0.51 and params.lr = 0.1",
    matches: ["a"],
  },
  {
    rule: "a negative metric is rounded up too, so its own run still matches",
    runs: [run("a", { metrics: { delta: -0.537 } })],
    example: "metrics.delta < -0.53",
    matches: ["a"],
  },
  {
    rule: "keys with spaces go in backticks; quotes and backslashes are escaped as the lexer reads them",
    runs: [run("a", { params: { "batch `size`": "it's C:\\" }, metrics: { "val loss": 3 } }), run("b", { params: { "batch `size`": "other" } })],
    example: "metrics.`val loss` < 3.1 and params.`batch ``size``` = 'it''s C:\\\\'",
    matches: ["a"],
  },
  {
    rule: "NaN metrics and boolean params are passed over for usable ones",
    runs: [run("a", { params: { on: true, opt: "adam" }, metrics: { loss: NaN } })],
    example: "params.opt = 'adam'",
    matches: ["a"],
  },
  {
    rule: "without params or metrics a tag is used",
    runs: [run("a", { tags: { team: "x" } })],
    example: "tags.team = 'x'",
    matches: ["a"],
  },
  { rule: "a run with nothing logged gets the status", runs: [run("a", {})], example: "attributes.status = 'FINISHED'", matches: ["a"] },
];

for (const { rule, runs, example, matches } of cases) {
  test(`the example: ${rule}`, () => {
    const data = dataOf(runs);
    assert.equal(filterExample(data), example);
    const compiled = compileFilterText(example);
    assert.ok(compiled.ok && compiled.filter, `the example parses: ${example}`);
    const index = buildRunIndex(data);
    const result = filterTree(index, compiled.filter);
    const matched = [...result.matched.keys()].filter((n) => result.matched[n] === 1).map((n) => data.id(n));
    assert.deepEqual(matched.sort(), matches);
  });
}
