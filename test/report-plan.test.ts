/**
 * The report's pure core, with plain objects and no disk: formatting, links, names used as paths, the
 * objective rule, run selection, the row order of runs tables and the page plan.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ExperimentRecord } from "../src/model/experiment-record.js";
import { formatDuration, formatNumber, formatUtc, formatUtcShort } from "../src/report/format.js";
import { href, sitePath } from "../src/report/links.js";
import { bestChild, parseObjective, resolveObjective } from "../src/model/objective.js";
import { pagerItems } from "../src/report/experiment-pages.js";
import { planPages, planSite, planSummaryPages, type PagePlan } from "../src/report/plan.js";
import { depthFirst, runsTable, type RunRow, type RunsTable } from "../src/report/rows.js";
import { curveChildren, MAX_CURVE_CHILDREN } from "../src/report/run-plan.js";
import { keepWithAncestors, selectExperiments } from "../src/report/select.js";
import { buildForest } from "../src/model/tree.js";
import { id, runRecord, T0 } from "./report-fixtures.js";

/** The rows of a table that are runs (not "more runs" notes). */
const runRows = (table: RunsTable): RunRow[] => table.rows.flatMap((row) => (row.kind === "run" ? [row] : []));

function experiment(name: string, dir = name): ExperimentRecord {
  return { name, dir, tags: {}, runCount: 0, deletedRunCount: 0, topLevelRunCount: 0, statusCounts: {}, lastActivity: null };
}

describe("formatting is a pure function of the value", () => {
  test("numbers are short, and NaN and the infinities are named", () => {
    const cases: Array<[number, string]> = [
      [3, "3"],
      [0.3333333333333333, "0.3333"],
      [1e-7, "1.000e-7"],
      [NaN, "NaN"],
      [Infinity, "∞"],
      [-Infinity, "−∞"],
    ];
    for (const [value, text] of cases) assert.equal(formatNumber(value), text, String(value));
  });

  test("times are UTC ISO, whatever the machine's time zone", () => {
    assert.equal(formatUtc(T0), "2026-01-01T00:00:00Z");
    assert.equal(formatUtc(T0 + 5), "2026-01-01T00:00:00.005Z");
    assert.equal(formatUtcShort(T0 + 61_000), "2026-01-01 00:01:01 UTC");
  });

  test("durations use the two largest units", () => {
    assert.equal(formatDuration(850), "850ms");
    assert.equal(formatDuration(4200), "4.2s");
    assert.equal(formatDuration(185_000), "3m 05s");
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), "3d 4h");
  });
});

describe("links are relative and made in one place", () => {
  test("a link between two site files climbs to their common folder", () => {
    const cases: Array<[string, string, string]> = [
      ["index.html", "experiments/a/index.html", "experiments/a/index.html"],
      ["experiments/a/index.html", "runs/0123/index.html", "../../runs/0123/index.html"],
      ["runs/0123/index.html", "runs/0456/index.html", "../0456/index.html"],
      ["runs/0123/index.html", "runs/0123/artifacts/a b/c#d.txt", "artifacts/a%20b/c%23d.txt"],
      ["experiments/a/page-2.html", "experiments/a/index.html", "index.html"],
      ["runs/0123/index.html", "index.html", "../../index.html"],
      ["runs/0123/index.html", "runs/0123/index.html", "index.html"],
      ["runs/abc/index.html", "runs/abcd/index.html", "../abcd/index.html"],
      ["runs/abcd/index.html", "runs/abc/index.html", "../abc/index.html"],
      ["runs/0123/curves/0.js", "runs/0123/index.html", "../index.html"],
      ["experiments/a/b/index.html", "experiments/a/index.html", "../index.html"],
      ["experiments/ab/index.html", "experiments/a/b/index.html", "../a/b/index.html"],
    ];
    for (const [from, to, expected] of cases) assert.equal(href(from, to), expected, `${from} -> ${to}`);
  });

  test("pages of an experiment after the first are page-N.html beside index.html", () => {
    assert.equal(sitePath.experiment("e"), "experiments/e/index.html");
    assert.equal(sitePath.experiment("e", 3), "experiments/e/page-3.html");
  });
});

describe("the objective rule", () => {
  const parent = runRecord({ n: 1 });
  const children = [
    runRecord({ n: 2, parentId: id(1), metrics: { loss: 0.5, acc: 0.7 } }),
    runRecord({ n: 3, parentId: id(1), metrics: { loss: 0.2, acc: 0.6 } }),
    runRecord({ n: 4, parentId: id(1), metrics: { loss: NaN, acc: 0.9 } }),
    runRecord({ n: 5, parentId: id(1), metrics: { acc: 0.9 } }),
  ];

  test("--objective parses metric:min and metric:max, the goal after the last colon", () => {
    assert.deepEqual(parseObjective("val/acc:max"), { metric: "val/acc", goal: "max" });
    assert.deepEqual(parseObjective("a:b:min"), { metric: "a:b", goal: "min" });
    for (const bad of ["loss", "loss:best", ":min", "lo<ss:min", ""]) {
      assert.throws(() => parseObjective(bad), { code: "INVALID_ARGUMENT" }, bad);
    }
  });

  test("an objective declared by the run wins over the command line's, which applies otherwise", () => {
    const declared = runRecord({ n: 1, objective: { metric: "loss", goal: "min" } });
    assert.deepEqual(resolveObjective(declared, { metric: "acc", goal: "max" }), { metric: "loss", goal: "min", declared: true });
    assert.deepEqual(resolveObjective(parent, { metric: "acc", goal: "max" }), { metric: "acc", goal: "max", declared: false });
    assert.equal(resolveObjective(parent, null), null);
  });

  test("a recorded best child counts as a declared objective", () => {
    const recorded = runRecord({
      n: 1,
      bestChild: { id: id(2), name: "x", metric: "loss", goal: "min", value: 0.5, params: {} },
    });
    assert.deepEqual(resolveObjective(recorded, { metric: "acc", goal: "max" }), { metric: "loss", goal: "min", declared: true });
  });

  test("the best child has the best finite latest value; NaN never wins; ties go to the earlier child", () => {
    assert.equal(bestChild(parent, children, { metric: "loss", goal: "min" })?.id, id(3));
    assert.equal(bestChild(parent, children, { metric: "loss", goal: "max" })?.id, id(2));
    assert.equal(bestChild(parent, children, { metric: "acc", goal: "max" })?.id, id(4));
    assert.equal(bestChild(parent, children, { metric: "missing", goal: "max" }), null);
  });

  test("the parent's recorded best child is shown when no child in the report has the metric", () => {
    const recorded = runRecord({
      n: 1,
      bestChild: { id: id(9), name: "gone", metric: "f1", goal: "max", value: 0.8, params: { lr: 0.1 } },
    });
    const choice = bestChild(recorded, children, { metric: "f1", goal: "max" });
    assert.deepEqual(choice, { id: id(9), name: "gone", value: 0.8, params: { lr: 0.1 }, recorded: true });
  });

  test("a huge sweep keeps the curves of the best children by the objective, in start order", () => {
    const many = Array.from({ length: MAX_CURVE_CHILDREN + 50 }, (_, i) =>
      runRecord({ n: i + 10, parentId: id(1), metrics: { loss: 1000 - i } }),
    );
    const kept = curveChildren(many, { metric: "loss", goal: "min" });
    assert.equal(kept.length, MAX_CURVE_CHILDREN);
    assert.equal(kept[0]?.id, id(60));
    assert.equal(kept.at(-1)?.id, many.at(-1)?.id);
    assert.equal(curveChildren(many.slice(0, 5), null).length, 5);
  });
});

describe("selection keeps trees whole", () => {
  const runs = [
    runRecord({ n: 1 }),
    runRecord({ n: 2, parentId: id(1) }),
    runRecord({ n: 3, parentId: id(2), tags: { hit: "yes" } }),
    runRecord({ n: 4, parentId: id(1) }),
    runRecord({ n: 5, tags: { hit: "yes" } }),
    runRecord({ n: 6 }),
  ];

  test("a matching run keeps all its ancestors, and nothing else", () => {
    const kept = keepWithAncestors(runs, (run) => run.tags["hit"] === "yes");
    assert.deepEqual(kept.map((run) => run.id), [id(1), id(2), id(3), id(5)]);
  });

  test("a parent cycle in a broken store does not hang the selection", () => {
    const loop = [runRecord({ n: 1, parentId: id(2) }), runRecord({ n: 2, parentId: id(1) })];
    assert.equal(keepWithAncestors(loop, () => true).length, 2);
  });

  test("--experiment picks by name or by folder, and an unknown one is an error", () => {
    const all = [experiment("Alpha Beta", "alpha-beta-12345678"), experiment("gamma")];
    assert.deepEqual(selectExperiments(all, ["alpha-beta-12345678"]).map((e) => e.name), ["Alpha Beta"]);
    assert.deepEqual(selectExperiments(all, ["gamma", "Alpha Beta"]).map((e) => e.name), ["Alpha Beta", "gamma"]);
    assert.equal(selectExperiments(all, []).length, 2);
    assert.throws(() => selectExperiments(all, ["delta"]), { code: "EXPERIMENT_NOT_FOUND" });
  });
});

describe("runs tables are nested, depth first", () => {
  test("children follow their parent at any depth, siblings in start order", () => {
    const runs = [
      runRecord({ n: 1 }),
      runRecord({ n: 2 }),
      runRecord({ n: 3, parentId: id(1) }),
      runRecord({ n: 4, parentId: id(3) }),
      runRecord({ n: 5, parentId: id(4) }),
      runRecord({ n: 6, parentId: id(1) }),
      runRecord({ n: 7, parentId: id(2) }),
    ];
    const forest = buildForest(runs);
    const order = depthFirst(forest.roots, forest.childrenOf).map(({ run, depth }) => [run.id, depth]);
    assert.deepEqual(order, [
      [id(1), 0],
      [id(3), 1],
      [id(4), 2],
      [id(5), 3],
      [id(6), 1],
      [id(2), 0],
      [id(7), 1],
    ]);
    const rows = runRows(runsTable(forest.roots, forest.childrenOf, "experiments/e/index.html"));
    assert.equal(rows[3]?.parentId, id(4));
    assert.equal(rows[0]?.parentId, "");
    assert.equal(rows[0]?.href, `../../runs/${id(1)}/index.html`);
  });

  test("a top-level run with more descendants than a page lists shows the first ones, then a row linking to its page", () => {
    const runs = [runRecord({ n: 1, name: "sweep" }), ...[2, 3, 4, 5].map((n) => runRecord({ n, parentId: id(1) })), runRecord({ n: 6 })];
    const forest = buildForest(runs);
    const table = runsTable(forest.roots, forest.childrenOf, "experiments/e/index.html", { treeLimit: 2 });
    assert.deepEqual(
      table.rows.map((row) => (row.kind === "run" ? row.id : `${row.hidden} more under ${row.name}: ${row.href}`)),
      [id(1), id(2), id(3), `2 more under sweep: ../../runs/${id(1)}/index.html`, id(6)],
    );
  });

  test("a table has a column per param and metric key of its runs, sorted", () => {
    const runs = [runRecord({ n: 1, params: { b: 1, a: "x" } }), runRecord({ n: 2, metrics: { z: 1, m: NaN } })];
    const table = runsTable(runs, new Map(), "experiments/e/index.html");
    assert.deepEqual(table.paramKeys, ["a", "b"]);
    assert.deepEqual(table.metricKeys, ["m", "z"]);
    assert.deepEqual(runRows(table)[1]?.metrics.map((cell) => cell.text), ["NaN", "1"]);
    assert.deepEqual(runRows(table)[1]?.params.map((cell) => cell.text), ["", ""]);
  });

  test("an abandoned run shows as ABANDONED", () => {
    const table = runsTable([runRecord({ n: 1, status: "RUNNING", abandoned: true })], new Map(), "index.html");
    assert.deepEqual(runRows(table)[0]?.status, { label: "ABANDONED", className: "status-abandoned" });
  });
});

describe("the page plan", () => {
  const runs = [
    runRecord({ n: 1, experiment: "A", experimentDir: "a" }),
    runRecord({ n: 2, experiment: "A", experimentDir: "a", parentId: id(1) }),
    runRecord({ n: 3, experiment: "A", experimentDir: "a" }),
    runRecord({ n: 4, experiment: "A", experimentDir: "a" }),
    runRecord({ n: 5, experiment: "B", experimentDir: "b" }),
  ];
  const site = planSite({
    experiments: [experiment("A", "a"), experiment("B", "b")],
    runs,
    artifacts: new Map([[id(1), ["plots/loss.png", "../../etc/passwd", "a//b"]]]),
    objective: null,
    title: "T",
    pageSize: 2,
  });
  const pages: PagePlan[] = [...planPages(site), ...planSummaryPages(site, site.problems, null)];

  test("lists data.js, each static page of each experiment, each run page, the compare and problems pages and the index", () => {
    assert.deepEqual(
      pages.map((page) => page.path),
      [
        "experiments/a/data.js",
        "experiments/a/index.html",
        "experiments/a/page-2.html",
        `runs/${id(1)}/index.html`,
        `runs/${id(2)}/index.html`,
        `runs/${id(3)}/index.html`,
        `runs/${id(4)}/index.html`,
        "experiments/b/data.js",
        "experiments/b/index.html",
        `runs/${id(5)}/index.html`,
        "compare.html",
        "problems.html",
        "index.html",
      ],
    );
  });

  test("counts are recomputed from the runs shown", () => {
    const a = site.entries[0]!.record;
    assert.equal(a.runCount, 4);
    assert.equal(a.topLevelRunCount, 3);
  });

  test("pages split top-level runs, never a tree", () => {
    const experimentPages = pages.filter((page) => page.kind === "experiment" && page.path.startsWith("experiments/a/"));
    const ids = experimentPages.map((page) => (page.kind === "experiment" ? runRows(page.model.table).map((row) => row.id) : []));
    assert.deepEqual(ids, [[id(1), id(2), id(3)], [id(4)]]);
  });

  test("unsafe artifact paths are left out and reported; safe ones are linked from the run page", () => {
    assert.deepEqual(
      site.problems.map((problem) => [problem.file, problem.code]),
      [
        [`a/${id(1)}/artifacts/../../etc/passwd`, "UNSAFE_ARTIFACT_PATH"],
        [`a/${id(1)}/artifacts/a//b`, "UNSAFE_ARTIFACT_PATH"],
      ],
    );
    const page = pages.find((p) => p.path === `runs/${id(1)}/index.html`);
    assert.ok(page?.kind === "run");
    assert.deepEqual(page.model.artifacts.map((a) => a.href), ["artifacts/plots/loss.png"]);
  });

  test("the pager shows first, last and two pages either side of the current one", () => {
    assert.deepEqual(pagerItems(1, 1), [1]);
    assert.deepEqual(pagerItems(1, 20), [1, 2, 3, 20]);
    assert.deepEqual(pagerItems(10, 20), [1, 8, 9, 10, 11, 12, 20]);
  });
});
