/**
 * Parents show their result: in a runs table a parent's row shows its best child's value in its
 * objective's column (whose it is on hover), its children per status, and sorts by that value. Checked on
 * the server's static table and on the browser table's data (through the slices, as the page reads them);
 * the browser test checks the same through the DOM.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { choosableColumns, findColumn } from "../src/client/runs/columns.js";
import { RunData } from "../src/client/runs/run-data.js";
import { buildRunIndex, linkSlice } from "../src/client/runs/run-index.js";
import { sorterFor } from "../src/client/runs/sort.js";
import { childStatusCounts, parentBest } from "../src/model/children-summary.js";
import type { RunRecord } from "../src/model/run-record.js";
import { buildForest } from "../src/model/tree.js";
import type { Objective } from "../src/format/records.js";
import { STATUS_CODES, type RunSlice } from "../src/report/page-data.js";
import { runsTable, type RunRow } from "../src/report/rows.js";
import { planRunData } from "../src/report/run-slices.js";
import { id, runRecord } from "./report-fixtures.js";

/**
 * Two sweeps (objective loss, min) and a plain run: sweep 1's best child has loss 0.2, sweep 2's 0.05 (one
 * child failed, one is still running), and the plain run logged loss 0.1 itself.
 */
function store(objectives: { declared: boolean } = { declared: true }): RunRecord[] {
  const objective: Objective = { metric: "loss", goal: "min" };
  const sweep = (n: number) => runRecord({ n, name: `sweep-${n}`, ...(objectives.declared && { objective }) });
  const child = (n: number, parent: number, loss: number | null, extra: Partial<RunRecord> = {}) =>
    runRecord({ n, name: `child-${n}`, parentId: id(parent), ...(loss !== null && { metrics: { loss } }), ...extra });
  return [
    sweep(1),
    child(2, 1, 0.4),
    child(3, 1, 0.2),
    child(4, 1, NaN),
    sweep(5),
    child(6, 5, 0.05, { status: "FAILED" }),
    child(7, 5, null, { status: "RUNNING" }),
    child(8, 5, 0.3, { status: "RUNNING", abandoned: true }),
    runRecord({ n: 9, name: "plain", metrics: { loss: 0.1 } }),
  ];
}

describe("a parent's best child and its children's statuses", () => {
  test("the best child is the one with the best finite value of the objective, and the counts are per shown status", () => {
    const runs = store();
    const forest = buildForest(runs);
    const best = parentBest(runs[0]!, forest.childrenOf.get(id(1)) ?? [], null);
    assert.deepEqual(best, { metric: "loss", goal: "min", value: 0.2, id: id(3), name: "child-3", recorded: false });
    assert.deepEqual(childStatusCounts(forest.childrenOf.get(id(5)) ?? []), [1, 0, 1, 0, 1]);
  });

  test("a parent without a declared objective gets the command line's, and none without either", () => {
    const runs = store({ declared: false });
    const children = buildForest(runs).childrenOf.get(id(1)) ?? [];
    assert.equal(parentBest(runs[0]!, children, null), null);
    assert.equal(parentBest(runs[0]!, children, { metric: "loss", goal: "max" })?.name, "child-2");
  });
});

describe("the server's runs table", () => {
  const rowOf = (rows: readonly RunRow[], n: number): RunRow => {
    const row = rows.find((r) => r.id === id(n));
    assert.ok(row, `no row for run ${n}`);
    return row;
  };

  test("a parent's row shows its best child's value in the objective's column, marked with the child's name", () => {
    const forest = buildForest(store());
    const table = runsTable(forest.roots, forest.childrenOf, "experiments/e/index.html");
    const rows = table.rows.flatMap((row) => (row.kind === "run" ? [row] : []));
    const loss = table.metricKeys.indexOf("loss");
    const cell = rowOf(rows, 1).metrics[loss];
    assert.equal(cell?.text, "0.2");
    assert.equal(cell?.bestChild, "child-3");
    assert.match(cell?.title ?? "", /best child by min loss: child-3 \(0\.2\)/);
    assert.deepEqual(rowOf(rows, 5).childStatuses.map((s) => `${s.label}:${s.count}`), ["RUNNING:1", "FAILED:1", "ABANDONED:1"]);
    // A child's own value is its own; a run without children has no counts.
    assert.equal(rowOf(rows, 3).metrics[loss]?.bestChild, "");
    assert.deepEqual(rowOf(rows, 9).childStatuses, []);
  });

  test("with --objective, parents that declare none show their best by it", () => {
    const forest = buildForest(store({ declared: false }));
    const plain = runsTable(forest.roots, forest.childrenOf, "index.html");
    const parentCell = (table: typeof plain) => table.rows.flatMap((r) => (r.kind === "run" && r.id === id(1) ? [r.metrics[table.metricKeys.indexOf("loss")]] : []))[0];
    assert.equal(parentCell(plain)?.bestChild, "");
    const given = runsTable(forest.roots, forest.childrenOf, "index.html", { objective: { metric: "loss", goal: "max" } });
    assert.equal(parentCell(given)?.bestChild, "child-2");
  });
});

describe("the browser table's data", () => {
  /** The runs as the page reads them back from `data.js` and the other slices. */
  function loaded(runs: readonly RunRecord[], objective: Objective | null = null) {
    const planned = planRunData({ name: "exp", runs, forest: buildForest(runs), objective }, (r) => `../../runs/${r.id}/index.html`, { sliceRuns: 3, firstPage: 1 });
    const data = new RunData(JSON.parse(JSON.stringify(planned.data)));
    const index = buildRunIndex(data);
    for (const slice of JSON.parse(JSON.stringify(planned.slices)) as RunSlice[]) linkSlice(index, data.add(slice));
    return index;
  }
  const number = (data: RunData, n: number): number => {
    const found = data.indexOf(id(n));
    assert.ok(found !== undefined);
    return found;
  };

  test("a parent's best child and its children per status survive the trip through the slices", () => {
    const { data } = loaded(store());
    const loss = data.metricKeys.indexOf("loss");
    assert.deepEqual(data.best(number(data, 5)), { metric: loss, goal: "min", value: 0.05, name: "child-6", recorded: false });
    assert.equal(data.shownMetric(loss, number(data, 5)), 0.05);
    assert.equal(data.metric(loss, number(data, 5)), undefined, "the parent's own metrics are unchanged");
    const counts = data.childStatuses(number(data, 5));
    assert.deepEqual(STATUS_CODES.filter((_, i) => (counts?.[i] ?? 0) > 0), ["RUNNING", "FAILED", "ABANDONED"]);
    assert.equal(data.best(number(data, 2)), undefined);
    assert.equal(data.childStatuses(number(data, 9)), undefined);
  });

  test("sorting by the objective's column orders parents by their best child's value, beside runs' own values", () => {
    const index = loaded(store());
    const column = findColumn(choosableColumns(index.data), "metrics.loss");
    assert.ok(column);
    const names = (direction: "asc" | "desc") => sorterFor(index.data, column, direction)([...index.roots]).map((n) => index.data.name(n.index));
    assert.deepEqual(names("asc"), ["sweep-5", "plain", "sweep-1"]);
    assert.deepEqual(names("desc"), ["sweep-1", "plain", "sweep-5"]);
  });

  test("a recorded best child's metric gets a column when no run in the report has it", () => {
    const recorded = { id: id(99), name: "gone", metric: "score", goal: "max" as const, value: 0.9, params: {} };
    const runs = [runRecord({ n: 1, name: "sweep", bestChild: recorded }), runRecord({ n: 2, parentId: id(1) })];
    const { data } = loaded(runs);
    assert.deepEqual(data.metricKeys, ["score"]);
    assert.deepEqual(data.best(number(data, 1)), { metric: 0, goal: "max", value: 0.9, name: "gone", recorded: true });
  });
});
