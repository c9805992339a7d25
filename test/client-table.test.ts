/**
 * The runs table's logic without a browser: the URL hash, which rows a filter keeps, which rows a page
 * shows, how siblings sort. The browser test (browser.test.ts) checks the same rules through the DOM.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isExpanded, setAuto, setExpanded, type Expansion } from "../src/client/runs/expansion.js";
import { choosableColumns, findColumn, resolveColumns } from "../src/client/runs/columns.js";
import { compileFilterText } from "../src/client/runs/filter-compile.js";
import { entityHint } from "../src/client/runs/filter-hint.js";
import { filterTree } from "../src/client/runs/filter-tree.js";
import { buildRunIndex, type RunIndex, type RunNode } from "../src/client/runs/run-index.js";
import { planRows } from "../src/client/runs/row-plan.js";
import { comparatorFor } from "../src/client/runs/sort.js";
import { EMPTY_VIEW, decodeViewHash, encodeViewHash } from "../src/client/runs/view-state.js";
import type { EncodedNumber } from "../src/format/metric-value.js";
import type { ClientRun, ExperimentData } from "../src/report/page-data.js";

let clock = 0;
function run(id: string, parentId: string | null, extra: Partial<ClientRun> = {}): ClientRun {
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
    href: `../../runs/${id}/index.html`,
    ...extra,
  };
}
const loss = (value: EncodedNumber): Partial<ClientRun> => ({ metrics: { loss: value } });

/** sweep → t1, t2, t3; t2 → t2-eval; plus a lone root. */
function sample(): RunIndex {
  return buildRunIndex(
    [
      run("sweep", null, { params: { dataset: "mnist" } }),
      run("t1", "sweep", loss(0.5)),
      run("t2", "sweep", loss("NaN")),
      run("t2-eval", "t2", loss(0.01)),
      run("t3", "sweep", loss(0.2)),
      run("lone", null, loss(0.9)),
    ],
    "exp",
  );
}

function node(index: RunIndex, id: string): RunNode {
  const found = index.byId.get(id);
  assert.ok(found, `no run ${id}`);
  return found;
}

const ids = (nodes: Iterable<RunNode>): string[] => [...nodes].map((n) => n.run.id).sort();

function predicate(text: string): NonNullable<Extract<ReturnType<typeof compileFilterText>, { ok: true }>["predicate"]> {
  const compiled = compileFilterText(text);
  assert.ok(compiled.ok && compiled.predicate);
  return compiled.predicate;
}

describe("view hash", () => {
  test("a view survives the round trip through the hash, keys with separators included", () => {
    const view = {
      filter: "params.`a,b` = 'x&y=z' and metrics.loss < 0.5",
      sort: { column: "metrics.val:loss", direction: "desc" as const },
      expanded: new Set(["b1", "a1"]),
      collapsed: new Set(["c1"]),
      columns: ["params.a,b", "metrics.val:loss"],
      page: 3,
    };
    const hash = encodeViewHash(view);
    assert.equal(hash.split("&").length, 6);
    assert.deepEqual(decodeViewHash(`#${hash}`), { ...view, expanded: new Set(["a1", "b1"]) });
  });

  test("the empty view has an empty hash and an empty hash gives the empty view", () => {
    assert.equal(encodeViewHash(EMPTY_VIEW), "");
    assert.deepEqual(decodeViewHash(""), EMPTY_VIEW);
  });

  test("malformed parts are ignored instead of breaking the page", () => {
    const view = decodeViewHash("#f=%E0%A4%A&s=metrics.loss:sideways&p=-2&x=%ZZ,ok&junk&=x");
    assert.deepEqual(view, { ...EMPTY_VIEW, expanded: new Set(["ok"]) });
  });

  test("an empty column list is kept apart from no choice at all", () => {
    assert.deepEqual(decodeViewHash("c=").columns, []);
    assert.equal(decodeViewHash("f=x").columns, null);
  });
});

describe("filtering the tree", () => {
  test("a match on a grandchild keeps its parent and grandparent and marks them as its ancestors", () => {
    const index = sample();
    const result = filterTree(index, predicate("metrics.loss < 0.05"));
    assert.deepEqual(ids(result.matched), ["t2-eval"]);
    assert.deepEqual(ids(result.ancestors), ["sweep", "t2"]);
    assert.deepEqual(ids(result.visible), ["sweep", "t2", "t2-eval"]);
  });

  test("a match on a parent keeps all its descendants", () => {
    const index = sample();
    const result = filterTree(index, predicate("params.dataset = 'mnist'"));
    assert.deepEqual(ids(result.visible), ["sweep", "t1", "t2", "t2-eval", "t3"]);
    assert.deepEqual(ids(result.ancestors), []);
  });

  test("a filter that does not parse reports where it failed", () => {
    const compiled = compileFilterText("metrics.loss <");
    assert.equal(compiled.ok, false);
    assert.ok(!compiled.ok && compiled.position === 14 && compiled.message.endsWith(`\n${" ".repeat(14)}^`));
  });

  test("a bare word or unknown entity gets a hint naming only the keys the experiment has", () => {
    const keys = { paramKeys: ["lr"], metricKeys: ["lr"], tagKeys: ["test_identifier"] };
    const bare = compileFilterText("test_identifier = 'x'");
    assert.ok(!bare.ok);
    assert.equal(entityHint(bare.expected, bare.found, keys), "did you mean tags.test_identifier?");
    const dotted = compileFilterText("foo.lr = 1");
    assert.ok(!dotted.ok);
    assert.equal(entityHint(dotted.expected, dotted.found, keys), "did you mean params.lr or metrics.lr?");
    const unknown = compileFilterText("nothing = 1");
    assert.ok(!unknown.ok);
    assert.equal(entityHint(unknown.expected, unknown.found, keys), null);
    const other = compileFilterText("metrics.lr <");
    assert.ok(!other.ok);
    assert.equal(entityHint(other.expected, other.found, keys), null);
  });

  test("a blank filter is no filter", () => {
    assert.deepEqual(compileFilterText("   "), { ok: true, predicate: null });
  });
});

describe("expansion", () => {
  test("rows a filter opened can be closed by hand, and a new filter forgets those closings", () => {
    const state: Expansion = { expanded: new Set(), collapsed: new Set(), auto: new Set(["p"]) };
    assert.equal(isExpanded(state, "p"), true);
    setExpanded(state, "p", false);
    assert.equal(isExpanded(state, "p"), false);
    assert.deepEqual([...state.collapsed], ["p"]);
    assert.deepEqual([...state.expanded], []);
    setAuto(state, new Set(["p"]));
    assert.equal(isExpanded(state, "p"), true);
  });

  test("rows opened by hand are recorded as such", () => {
    const state: Expansion = { expanded: new Set(), collapsed: new Set(), auto: new Set() };
    setExpanded(state, "q", true);
    assert.deepEqual([...state.expanded], ["q"]);
    setExpanded(state, "q", false);
    assert.deepEqual([...state.expanded], []);
    assert.deepEqual([...state.collapsed], []);
  });
});

describe("planning rows", () => {
  const childrenOf = (n: RunNode): readonly RunNode[] => n.children;

  test("children follow their parent depth-first, only under open rows", () => {
    const index = sample();
    const open = new Set(["sweep", "t2"]);
    const plan = planRows({ roots: index.roots, childrenOf, isExpanded: (id) => open.has(id), page: 0, pageSize: 100 });
    assert.deepEqual(
      plan.rows.map((r) => `${r.node.run.id}:${r.node.depth}:${r.childCount}`),
      ["sweep:0:3", "t1:1:0", "t2:1:1", "t2-eval:2:0", "t3:1:0", "lone:0:0"],
    );
  });

  test("a page holds a fixed number of roots and a page past the end shows the last one", () => {
    const runs = Array.from({ length: 250 }, (_, i) => run(`r${i}`, null));
    const index = buildRunIndex(runs, "exp");
    const plan = planRows({ roots: index.roots, childrenOf, isExpanded: () => false, page: 9, pageSize: 100 });
    assert.equal(plan.page, 2);
    assert.equal(plan.pageCount, 3);
    assert.equal(plan.rows.length, 50);
    assert.equal(plan.firstRoot, 200);
  });

  test("a run whose parent is missing, or that closes a cycle, becomes a root", () => {
    const index = buildRunIndex([run("a", "b"), run("b", "a"), run("c", "gone")], "exp");
    assert.deepEqual(ids(index.roots), ["b", "c"]);
    assert.equal(node(index, "a").depth, 1);
  });
});

describe("sorting siblings", () => {
  const data: ExperimentData = { name: "exp", paramKeys: [], metricKeys: ["loss"], tagKeys: [], runs: [] };
  const lossColumn = findColumn(choosableColumns(data), "metrics.loss");

  test("siblings sort by value with NaN and missing values last in both directions", () => {
    assert.ok(lossColumn);
    const index = sample();
    const siblings = [...node(index, "sweep").children];
    assert.deepEqual(siblings.sort(comparatorFor(lossColumn, "asc")).map((n) => n.run.id), ["t3", "t1", "t2"]);
    assert.deepEqual(siblings.sort(comparatorFor(lossColumn, "desc")).map((n) => n.run.id), ["t1", "t3", "t2"]);
  });

  test("runs tied on the sort key keep their start order", () => {
    assert.ok(lossColumn);
    const index = buildRunIndex([run("a", null), run("b", null), run("c", null, loss(1))], "exp");
    assert.deepEqual([...index.roots].sort(comparatorFor(lossColumn, "desc")).map((n) => n.run.id), ["c", "a", "b"]);
  });

  test("abandoned runs sort under the status the table shows", () => {
    const status = findColumn([], "attributes.status");
    assert.ok(status);
    const index = buildRunIndex([run("r", null, { status: "RUNNING", abandoned: true }), run("f", null)], "exp");
    assert.deepEqual([...index.roots].sort(comparatorFor(status, "asc")).map((n) => n.run.id), ["r", "f"]);
  });
});

describe("columns", () => {
  test("by default the first params and metrics are shown and tags are not", () => {
    const data: ExperimentData = {
      name: "exp",
      paramKeys: Array.from({ length: 10 }, (_, i) => `p${i}`),
      metricKeys: ["m"],
      tagKeys: ["t"],
      runs: [],
    };
    const shown = resolveColumns(choosableColumns(data), null).map((c) => c.id);
    assert.equal(shown.length, 9);
    assert.ok(shown.includes("metrics.m") && !shown.includes("tags.t") && !shown.includes("params.p9"));
  });

  test("chosen ids that name no column of the experiment are dropped", () => {
    const data: ExperimentData = { name: "exp", paramKeys: ["a"], metricKeys: [], tagKeys: ["t"], runs: [] };
    assert.deepEqual(resolveColumns(choosableColumns(data), ["tags.t", "params.gone"]).map((c) => c.id), ["tags.t"]);
  });

  test("a column choice that names no column of the experiment falls back to the default columns", () => {
    const data: ExperimentData = { name: "exp", paramKeys: ["a"], metricKeys: ["m"], tagKeys: ["t"], runs: [] };
    const choosable = choosableColumns(data);
    assert.deepEqual(resolveColumns(choosable, ["params.gone"]).map((c) => c.id), ["params.a", "metrics.m"]);
    assert.deepEqual(resolveColumns(choosable, []).map((c) => c.id), []);
  });
});
