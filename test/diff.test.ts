import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { changedFields } from "../src/diff/run-changes.js";
import { diffMarkdown, escapeMarkdown } from "../src/diff/format-markdown.js";
import { diffTable } from "../src/diff/format-table.js";
import { diffSnapshots } from "../src/diff/store-diff.js";
import type { RunRecord, StoreSnapshot } from "../src/index.js";

let clock = 1_000;
function run(fields: Partial<RunRecord> & { id: string }): RunRecord {
  return {
    name: fields.id,
    experiment: "e",
    parentId: null,
    status: "FINISHED",
    startTime: clock++,
    endTime: 5_000,
    params: {},
    metrics: {},
    tags: {},
    abandoned: false,
    metricSummaries: {},
    dir: `/store/e/${fields.id}`,
    experimentDir: "e",
    ...fields,
  };
}

function snapshot(runs: RunRecord[], problems: StoreSnapshot["problems"] = []): StoreSnapshot {
  return { root: "/store", format: "runtree", experiments: [], runs, problems };
}

const id = (n: number) => n.toString(16).padStart(32, "0");

describe("what counts as a change", () => {
  const base = run({ id: id(1), params: { lr: 0.1 }, metrics: { loss: NaN, acc: 0.5 }, tags: { a: "1" } });
  const cases: [string, Partial<RunRecord>, string[]][] = [
    ["nothing", {}, []],
    ["a NaN that stays NaN", { metrics: { loss: NaN, acc: 0.5 } }, []],
    ["the status", { status: "FAILED" }, ["status"]],
    ["a run that was abandoned since", { status: "RUNNING", abandoned: true }, ["status"]],
    ["the end time", { endTime: 6_000 }, ["end_time"]],
    ["a renamed run", { name: "renamed" }, ["run_name"]],
    ["a run deleted since (soft)", { deleted: { time: 7_000 } }, ["lifecycle_stage"]],
    ["a param added", { params: { lr: 0.1, seed: 1 } }, ["params.seed"]],
    ["a param whose type changed", { params: { lr: "0.1" } }, ["params.lr"]],
    ["a tag removed and a metric moved", { tags: {}, metrics: { loss: NaN, acc: 0.6 } }, ["tags.a", "metrics.acc"]],
    ["keys named like Object's own properties", { tags: { a: "1", constructor: "x" }, metrics: { loss: NaN, acc: 0.5, __proto__: 1 } }, ["tags.constructor"]],
  ];
  for (const [what, change, fields] of cases) {
    test(`${what}: ${fields.length === 0 ? "no field" : fields.join(", ")}`, () => {
      assert.deepEqual(changedFields(base, { ...base, ...change }), fields);
    });
  }
});

describe("the comparison", () => {
  test("a run the reader skipped on one side is neither added nor removed, and is named", () => {
    const kept = run({ id: id(2) });
    const broken = run({ id: id(3) });
    const problem = { file: `e/${id(3)}/run.json`, code: "CORRUPT_FILE", message: "not valid JSON" };
    const diff = diffSnapshots(snapshot([kept, broken]), snapshot([kept], [problem]));
    assert.deepEqual([diff.added, diff.removed, diff.unreadable], [[], [], [id(3)]]);
  });

  test("a sweep's best uses the head's objective on both sides; a sweep without a declared one takes the fallback", () => {
    const parent = run({ id: id(10) });
    const child = (n: number, loss: number) => run({ id: id(n), parentId: id(10), metrics: { loss } });
    const base = snapshot([parent, child(11, 0.5)]);
    const head = snapshot([parent, child(11, 0.5), child(12, 0.2)]);
    assert.deepEqual(diffSnapshots(base, head).sweeps, []);
    const [sweep] = diffSnapshots(base, head, { objective: { metric: "loss", goal: "min" } }).sweeps;
    assert.deepEqual(sweep, { id: id(10), name: id(10), experiment: "e", metric: "loss", goal: "min", before: 0.5, after: 0.2, delta: -0.3, improved: true });
  });
});

describe("the markdown of a pull-request comment", () => {
  test("user strings can neither break the table, nor inject HTML or links, nor mention anybody", () => {
    assert.equal(escapeMarkdown("a|b @team <img src=x> [x](http://e.vil) #1 :tada: $x$\nnext"),
      "a\\|b \\@team \\<img src=x\\> \\[x\\]\\(http\\://e\\.vil\\) \\#1 \\:tada\\: \\$x\\$ next");
    const hostile = run({ id: id(20), name: "<script>alert(1)</script> | @admins", experiment: "exp | `x` @org/team", tags: { "k|`": "v" } });
    const diff = diffSnapshots(snapshot([{ ...hostile, tags: {} }]), snapshot([hostile]));
    const markdown = diffMarkdown(diff, { title: "`a` → `b`" });
    assert.doesNotMatch(markdown, /<script>|[^\\]@/);
    const row = markdown.split("\n").find((line) => line.startsWith("| changed"))!;
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 4, `four cells in ${row}`);
  });

  test("long lists stop at the row limit and say how many more there are", () => {
    const runs = Array.from({ length: 7 }, (_, i) => run({ id: id(30 + i) }));
    const diff = diffSnapshots(snapshot([]), snapshot(runs));
    const markdown = diffMarkdown(diff, { title: "t", maxRows: 5 });
    assert.equal(markdown.split("\n").filter((line) => line.startsWith("| added")).length, 5);
    assert.match(markdown, /… and 2 more/);
    const table = diffTable(diff, { title: "t", maxRows: 5, clean: (text) => text });
    assert.equal(table.split("\n").filter((line) => line.startsWith("  added")).length, 5);
    assert.match(table, /… and 2 more changes/);
  });
});
