/**
 * The runs table's logic without a browser: the URL hash, how the runs travel in slices and come back,
 * which rows a filter keeps, which rows a page shows, how siblings sort. The browser test (browser.test.ts)
 * checks the same rules through the DOM.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isExpanded } from "../src/client/runs/expansion.js";
import { choosableColumns, findColumn, resolveColumns } from "../src/client/runs/columns.js";
import { compileFilterText } from "../src/client/runs/filter-compile.js";
import { filterTree } from "../src/client/runs/filter-tree.js";
import { RunData } from "../src/client/runs/run-data.js";
import { buildRunIndex, linkSlice, treeRange, type RunIndex, type RunNode } from "../src/client/runs/run-index.js";
import { planRows, type PlanInput } from "../src/client/runs/row-plan.js";
import { sorterFor } from "../src/client/runs/sort.js";
import { buildForest } from "../src/model/tree.js";
import { compileFilter, type FilterNode } from "../src/search/index.js";
import type { RunSlice } from "../src/report/page-data.js";
import { planRunData, type SliceRun, type SliceSizes } from "../src/report/run-slices.js";

let clock = 0;
function run(id: string, parentId: string | null, extra: Partial<SliceRun> = {}): SliceRun {
  clock += 1000;
  return {
    id,
    name: id,
    parentId,
    status: "FINISHED",
    abandoned: false,
    startTime: clock,
    endTime: clock + 10,
    params: {},
    metrics: {},
    tags: {},
    ...extra,
  };
}
const loss = (value: number): Partial<SliceRun> => ({ metrics: { loss: value } });

/** The runs as the builder writes them and the page reads them back: `data.js` first, then `order` of the other slices. */
function loaded(runs: readonly SliceRun[], sizes?: SliceSizes, order?: (slices: RunSlice[]) => RunSlice[]): RunIndex {
  const planned = planRunData({ name: "exp", runs, forest: buildForest(runs) }, (r) => `../../runs/${r.id}/index.html`, sizes);
  // The slices make a JSON round trip, as they do through the files.
  const data = new RunData(JSON.parse(JSON.stringify(planned.data)));
  const index = buildRunIndex(data);
  for (const slice of (order ?? ((s) => s))(JSON.parse(JSON.stringify(planned.slices)) as RunSlice[])) linkSlice(index, data.add(slice));
  return index;
}

/** sweep → t1, t2, t3; t2 → t2-eval; plus a lone root. */
function sample(): RunIndex {
  return loaded([
    run("sweep", null, { params: { dataset: "mnist" } }),
    run("t1", "sweep", loss(0.5)),
    run("t2", "sweep", loss(NaN)),
    run("t2-eval", "t2", loss(0.01)),
    run("t3", "sweep", loss(0.2)),
    run("lone", null, loss(0.9)),
  ]);
}

function node(index: RunIndex, id: string): RunNode {
  const n = index.data.indexOf(id);
  assert.ok(n !== undefined, `no run ${id}`);
  return index.node(n);
}

const idsOf = (index: RunIndex, nodes: Iterable<RunNode>): string[] => [...nodes].map((n) => index.data.id(n.index)).sort();
/** Ids of the runs whose flag is set. */
const flagged = (index: RunIndex, flags: Uint8Array): string[] => [...flags.keys()].filter((n) => flags[n] === 1).map((n) => index.data.id(n)).sort();
const numbered = (index: RunIndex, numbers: readonly number[]): string[] => numbers.map((n) => index.data.id(n)).sort();

function parsed(text: string): FilterNode {
  const compiled = compileFilterText(text);
  assert.ok(compiled.ok && compiled.filter);
  return compiled.filter;
}


describe("runs in slices", () => {
  const hostile = JSON.parse('{"__proto__": "p", "constructor": "c"}') as Record<string, string>;
  const runs = [
    run("root-a", null, {
      params: { lr: 0.1, opt: "adam", flag: true, ...hostile },
      tags: { team: "x" },
      status: "RUNNING",
      abandoned: true,
      endTime: null,
      source: { git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: false } },
    }),
    ...Array.from({ length: 12 }, (_, i) =>
      run(`a-${i}`, "root-a", { params: { lr: i % 3, opt: i % 2 ? "sgd" : "adam" }, metrics: { loss: i === 5 ? NaN : i / 10, acc: Infinity }, name: i === 7 ? "" : `a-${i}` }),
    ),
    run("a-3-x", "a-3", { tags: { only: "here" } }),
    run("orphan", "gone", { status: "FAILED" }),
    run("root-b", null, { metrics: { loss: -Infinity } }),
    run("b-0", "root-b", { params: { lr: "1e-3" } }),
  ];

  test("every run's values survive the trip through slices: dense, sparse and coded columns, NaN, odd keys", () => {
    const index = loaded(runs, { sliceRuns: 4, firstPage: 1 });
    const { data } = index;
    assert.equal(data.sliceCount > 3, true);
    assert.equal(data.complete, true);
    for (const original of runs) {
      const n = data.indexOf(original.id);
      assert.ok(n !== undefined, original.id);
      assert.equal(data.name(n), original.name);
      assert.equal(data.parentId(n), original.parentId);
      assert.equal(data.status(n), original.status);
      assert.equal(data.abandoned(n), original.abandoned);
      assert.equal(data.startTime(n), original.startTime);
      assert.equal(data.endTime(n), original.endTime);
      data.paramKeys.forEach((key, k) => assert.deepEqual(data.param(k, n), Object.hasOwn(original.params, key) ? original.params[key] : undefined, `${original.id} params.${key}`));
      data.metricKeys.forEach((key, k) => assert.deepEqual(data.metric(k, n), Object.hasOwn(original.metrics, key) ? original.metrics[key] : undefined, `${original.id} metrics.${key}`));
      data.tagKeys.forEach((key, k) => assert.deepEqual(data.tag(k, n), Object.hasOwn(original.tags, key) ? original.tags[key] : undefined, `${original.id} tags.${key}`));
      assert.equal(data.href(n), `../../runs/${original.id}/index.html`);
      assert.equal(data.commit(n), original.source?.git?.commit);
    }
    assert.deepEqual(data.paramKeys, ["__proto__", "constructor", "flag", "lr", "opt"]);
  });

  test("runs are numbered depth first, and a tree is one range of numbers", () => {
    const index = loaded(runs, { sliceRuns: 4, firstPage: 1 });
    const order = Array.from({ length: index.data.count }, (_, n) => index.data.id(n));
    assert.deepEqual(order.slice(0, 6), ["root-a", "a-0", "a-1", "a-2", "a-3", "a-3-x"]);
    assert.deepEqual(treeRange(index, node(index, "a-3-x")), { from: 0, to: 14 });
    assert.deepEqual(treeRange(index, node(index, "b-0")), { from: 15, to: 17 });
  });

  test("slices loaded in any order link the same tree, children in start order", () => {
    const inOrder = loaded(runs, { sliceRuns: 3, firstPage: 1 });
    const reversed = loaded(runs, { sliceRuns: 3, firstPage: 1 }, (slices) => [...slices].reverse());
    const shape = (index: RunIndex) =>
      Array.from({ length: index.data.count }, (_, i) => index.node(i)).map((n) => `${n.parent?.index ?? "-"}>${n.children.map((c) => c.index).join(",")}`);
    assert.deepEqual(shape(reversed), shape(inOrder));
    assert.deepEqual(node(inOrder, "root-a").children.map((c) => inOrder.data.id(c.index)), Array.from({ length: 12 }, (_, i) => `a-${i}`));
  });

  test("data.js holds the first page's trees when they fit, and at least one run", () => {
    const first = (sizes: SliceSizes) => planRunData({ name: "e", runs, forest: buildForest(runs) }, () => "", sizes).data;
    assert.deepEqual(first({ sliceRuns: 100, firstPage: 1 }).slices, [0, 14]);
    assert.deepEqual(first({ sliceRuns: 100, firstPage: 2 }).slices, [0, 15]);
    assert.deepEqual(first({ sliceRuns: 5, firstPage: 1 }).slices, [0, 5, 10, 15]);
    assert.deepEqual(first({ sliceRuns: 100, firstPage: 0 }).slices, [0, 1]);
    assert.deepEqual(first({ sliceRuns: 100, firstPage: 1 }).trees, [14, 1, 2]);
  });

  test("a run whose parent is missing, or that sits in a cycle, is top-level and keeps the parent id it records", () => {
    const index = loaded([run("a", "b"), run("b", "a"), run("c", "gone")]);
    assert.deepEqual(idsOf(index, index.roots), ["a", "b", "c"]);
    assert.deepEqual(["a", "b", "c"].map((id) => index.data.parentId(node(index, id).index)), ["b", "a", "gone"]);
    assert.equal(index.data.depth(node(index, "a").index), 0);
  });

  test("a filter on the page matches exactly the runs the search module matches on the records", () => {
    const index = loaded(runs, { sliceRuns: 4, firstPage: 1 });
    const filters = [
      "metrics.loss < 0.5",
      "metrics.loss IS NULL",
      "NOT metrics.loss > 0.2",
      "params.lr = 1",
      "params.lr = 0.001",
      "params.opt LIKE 'ad%' AND params.lr IN (0, 2)",
      "params.`__proto__` = 'p' OR params.constructor = 'c'",
      "tags.only IS NOT NULL",
      "tags.`mlflow.runName` ILIKE 'A-1%'",
      "tags.`mlflow.parentRunId` = 'gone'",
      "attributes.parent_id = 'root-a'",
      "attributes.status = 'ABANDONED'",
      "attributes.status = 'FAILED' or attributes.run_name = ''",
      "attributes.experiment = 'exp' and attributes.end_time IS NULL",
      "metrics.acc > 1e308",
      "params.missing != 'x'",
      "attributes.git_commit = '0123456789abcdef0123456789abcdef01234567'",
      "attributes.git_commit LIKE '0123456%' or attributes.git_commit IS NULL and params.lr = 2",
    ];
    for (const text of filters) {
      const expected = runs.filter((r) => compileFilter(text)({ ...r, experiment: "exp" })).map((r) => r.id).sort();
      const result = filterTree(index, parsed(text));
      assert.deepEqual(flagged(index, result.matched), expected, text);
      assert.equal(result.matchCount, expected.length, text);
    }
  });

  test("a match on a grandchild keeps its parent and grandparent and marks them as its ancestors", () => {
    const index = sample();
    const result = filterTree(index, parsed("metrics.loss < 0.05"));
    assert.deepEqual(flagged(index, result.matched), ["t2-eval"]);
    assert.deepEqual(numbered(index, result.ancestors), ["sweep", "t2"]);
    assert.deepEqual(flagged(index, result.visible), ["sweep", "t2", "t2-eval"]);
  });

  test("a match on a parent keeps all its descendants", () => {
    const index = sample();
    const result = filterTree(index, parsed("params.dataset = 'mnist'"));
    assert.deepEqual(flagged(index, result.visible), ["sweep", "t1", "t2", "t2-eval", "t3"]);
    assert.deepEqual(numbered(index, result.ancestors), []);
  });

  test("a match inside a matching tree still opens the rows above it, and nested matches are each kept", () => {
    const index = sample();
    const result = filterTree(index, parsed("params.dataset = 'mnist' or metrics.loss < 0.05 or attributes.run_name = 'lone'"));
    assert.deepEqual(flagged(index, result.matched), ["lone", "sweep", "t2-eval"]);
    assert.deepEqual(numbered(index, result.ancestors), ["sweep", "t2"]);
    assert.deepEqual(flagged(index, result.visible), ["lone", "sweep", "t1", "t2", "t2-eval", "t3"]);
  });

  test("a chain of nested matches two thousand deep is filtered in one pass", () => {
    const chain = Array.from({ length: 2000 }, (_, i) => run(`c${i}`, i === 0 ? null : `c${i - 1}`, loss(i)));
    const index = loaded(chain);
    const result = filterTree(index, parsed("metrics.loss >= 0"));
    assert.equal(result.matchCount, 2000);
    assert.equal(result.ancestors.length, 1999);
    assert.equal(flagged(index, result.visible).length, 2000);
  });
});


describe("planning rows", () => {
  const plain = (index: RunIndex, open: ReadonlySet<string>, extra: Partial<PlanInput> = {}): PlanInput => ({
    roots: index.roots,
    childrenOf: (n) => n.children,
    childCount: (n) => index.data.childCount(n.index),
    isExpanded: (n) => open.has(index.data.id(n.index)),
    childLimit: () => 100,
    page: 0,
    pageSize: 100,
    ...extra,
  });
  const described = (index: RunIndex, rows: ReturnType<typeof planRows>["rows"]) =>
    rows.map((r) => (r.kind === "run" ? `${index.data.id(r.node.index)}:${index.data.depth(r.node.index)}:${r.childCount}` : `more:${r.shown}/${r.total}`));

  test("children follow their parent depth-first, only under open rows", () => {
    const index = sample();
    const plan = planRows(plain(index, new Set(["sweep", "t2"])));
    assert.deepEqual(described(index, plan.rows), ["sweep:0:3", "t1:1:0", "t2:1:1", "t2-eval:2:0", "t3:1:0", "lone:0:0"]);
  });

  test("a page holds a fixed number of roots and a page past the end shows the last one", () => {
    const index = loaded(Array.from({ length: 250 }, (_, i) => run(`r${i}`, null)));
    const plan = planRows(plain(index, new Set(), { page: 9 }));
    assert.equal(plan.page, 2);
    assert.equal(plan.pageCount, 3);
    assert.equal(plan.rows.length, 50);
    assert.equal(plan.firstRoot, 200);
  });

  test("an open run shows its first children, then a row standing for the rest", () => {
    const index = loaded([run("big", null), ...Array.from({ length: 7 }, (_, i) => run(`c${i}`, "big")), run("next", null)]);
    const plan = planRows(plain(index, new Set(["big"]), { childLimit: () => 3 }));
    assert.deepEqual(described(index, plan.rows), ["big:0:7", "c0:1:0", "c1:1:0", "c2:1:0", "more:3/7", "next:0:0"]);
  });
});

describe("sorting siblings", () => {
  const keys = { paramKeys: [], metricKeys: ["loss"], tagKeys: [] };
  const lossColumn = findColumn(choosableColumns(keys), "metrics.loss");

  test("siblings sort by value with NaN and missing values last in both directions", () => {
    assert.ok(lossColumn);
    const index = sample();
    const siblings = [...node(index, "sweep").children];
    const sorted = (direction: "asc" | "desc") => sorterFor(index.data, lossColumn, direction)([...siblings]).map((n) => index.data.id(n.index));
    assert.deepEqual(sorted("asc"), ["t3", "t1", "t2"]);
    assert.deepEqual(sorted("desc"), ["t1", "t3", "t2"]);
  });

  test("runs tied on the sort key keep their start order", () => {
    assert.ok(lossColumn);
    const index = loaded([run("a", null), run("b", null), run("c", null, loss(1))]);
    assert.deepEqual(sorterFor(index.data, lossColumn, "desc")([...index.roots]).map((n) => index.data.id(n.index)), ["c", "a", "b"]);
  });

  test("abandoned runs sort under the status the table shows", () => {
    const status = findColumn([], "attributes.status");
    assert.ok(status);
    const index = loaded([run("r", null, { status: "RUNNING", abandoned: true }), run("f", null)]);
    assert.deepEqual(sorterFor(index.data, status, "asc")([...index.roots]).map((n) => index.data.id(n.index)), ["r", "f"]);
  });
});

describe("columns", () => {
  test("by default the first params and metrics are shown and tags are not", () => {
    const data = {
      paramKeys: Array.from({ length: 10 }, (_, i) => `p${i}`),
      metricKeys: ["m"],
      tagKeys: ["t"],
    };
    const shown = resolveColumns(choosableColumns(data), null).map((c) => c.id);
    assert.equal(shown.length, 9);
    assert.ok(shown.includes("metrics.m") && !shown.includes("tags.t") && !shown.includes("params.p9"));
  });

  test("chosen ids that name no column of the experiment are dropped", () => {
    const data = { paramKeys: ["a"], metricKeys: [], tagKeys: ["t"] };
    assert.deepEqual(resolveColumns(choosableColumns(data), ["tags.t", "params.gone"]).map((c) => c.id), ["tags.t"]);
  });

  test("a column choice that names no column of the experiment falls back to the default columns", () => {
    const data = { paramKeys: ["a"], metricKeys: ["m"], tagKeys: ["t"] };
    const choosable = choosableColumns(data);
    assert.deepEqual(resolveColumns(choosable, ["params.gone"]).map((c) => c.id), ["params.a", "metrics.m"]);
    assert.deepEqual(resolveColumns(choosable, []).map((c) => c.id), []);
  });
});
