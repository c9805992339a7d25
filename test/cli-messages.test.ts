/**
 * What the CLI says when a new user gets a search wrong: the caret under the text at fault, the hints the
 * report's filter box gives, no `--help` pointer for errors about data, and the keys a search names shown
 * as columns.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openStore, SearchSyntaxError, parseFilter } from "../src/index.ts";
import { searchHint } from "../src/search/hints.ts";
import { runCli } from "./workers/cli-runner.ts";
import { searchTable } from "../src/cli/search-table.ts";
import { runRecord } from "./report-fixtures.ts";

let root = "";
let store = "";
const ids: Record<string, string> = {};

before(async () => {
  root = mkdtempSync(join(tmpdir(), "runtree-messages-"));
  store = join(root, "mlruns");
  const tuning = openStore(store, { captureSource: false }).experiment("tuning");
  await tuning.run({ name: "sweep", tags: { round: "r1" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const lr of [0.1, 0.01]) {
      await sweep.child({ name: `lr=${lr}`, params: { lr, "learning rate": lr } }, (trial) => {
        ids[trial.name] = trial.id;
        trial.logMetric("loss", lr * 3);
        trial.logMetric("val loss", lr * 2);
      });
    }
  });
});
after(() => rmSync(root, { recursive: true, force: true }));

/** The lines of stderr after the first: the frame (text, caret) and the hint. */
function frame(stderr: string): string[] {
  return stderr.split("\n").slice(1, -1);
}

describe("syntax errors", () => {
  test("a bad --order-by shows the clause under the caret, not the filter", async () => {
    const result = await runCli(["search", store, "params.lr < 1", "--order-by", "metrics.loss UP"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^runtree search: --order-by: Expected ASC, DESC or end of clause at position 13, found "UP"\n/);
    assert.deepEqual(frame(result.stderr), ["metrics.loss UP", `${" ".repeat(13)}^`]);
  });

  test("a bad clause among several is the one shown", async () => {
    const result = await runCli(["search", store, "--order-by", "metrics.loss", "--order-by", "params.lr sideways"]);
    assert.deepEqual(frame(result.stderr), ["params.lr sideways", `${" ".repeat(10)}^`]);
  });

  test("a key without its entity gets the page's did-you-mean hint, in a filter and in an order-by", async () => {
    const filter = await runCli(["search", store, "lr < 1"]);
    assert.equal(filter.code, 2);
    assert.deepEqual(frame(filter.stderr), ["lr < 1", "^", "hint: did you mean params.lr?"]);
    const order = await runCli(["search", store, "--order-by", "loss DESC"]);
    assert.deepEqual(frame(order.stderr), ["loss DESC", "^", "hint: did you mean metrics.loss?"]);
    const unknown = await runCli(["search", store, "nothing < 1"]);
    assert.deepEqual(frame(unknown.stderr), ["nothing < 1", "^"], "no key of that name: no hint");
    // report keeps its bad arguments to one line: the hint goes on it.
    const report = await runCli(["report", store, join(root, "site"), "--filter", "round = 'r1'"]);
    assert.equal(report.code, 2);
    assert.match(report.stderr, /^runtree report: --filter: Expected an entity .* at position 0, found "round" \(did you mean tags\.round\?\)\n$/);
  });

  test("a key with a space gets a hint to quote it with backticks, and the hinted text works", async () => {
    const result = await runCli(["search", store, "params.learning rate = 0.1"]);
    assert.equal(result.code, 2);
    const hint = frame(result.stderr).at(-1) ?? "";
    assert.equal(hint, "hint: a key with spaces goes in backticks: params.`learning rate`");
    const fixed = await runCli(["search", store, `${hint.slice(hint.indexOf("params."))} = 0.1`, "--json"]);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.deepEqual((JSON.parse(fixed.stdout) as Array<{ id: string }>).map((run) => run.id), [ids["lr=0.1"]]);
    const order = await runCli(["search", store, "--order-by", "metrics.val loss DESC"]);
    assert.equal(frame(order.stderr).at(-1), "hint: a key with spaces goes in backticks: metrics.`val loss`");
  });

  test("the hints are one function for the CLI and the page, and say nothing when nothing applies", () => {
    const keys = { paramKeys: ["lr"], metricKeys: ["loss"], tagKeys: [] };
    const hintFor = (text: string) => {
      try {
        parseFilter(text);
      } catch (error) {
        assert.ok(error instanceof SearchSyntaxError);
        return searchHint(error, keys);
      }
      assert.fail(`${text} parsed`);
    };
    assert.equal(hintFor("metrics.top 5 acc > 0.9"), "a key with spaces goes in backticks: metrics.`top 5 acc`");
    assert.equal(hintFor("params.a b IN ('x')"), "a key with spaces goes in backticks: params.`a b`");
    assert.equal(hintFor("params.lr <"), null);
    assert.equal(hintFor("params.`a b` c = 1"), null, "already quoted");
    assert.equal(hintFor("lr = 1"), "did you mean params.lr?");
    assert.equal(hintFor("metrics.loss big"), null, "the runs have metrics.loss: the word after it is the mistake");
    assert.equal(hintFor("metrics.`loss` big"), null);
  });
});

describe("errors about data do not point to --help", () => {
  test("an unknown experiment names the ones there are", async () => {
    const result = await runCli(["search", store, "--experiment", "nope"]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `runtree search: No experiment named "nope" in the store ${store} (experiments: "tuning").\n`);
    const report = await runCli(["report", store, join(root, "site"), "--experiment", "nope"]);
    assert.equal(report.code, 2);
    assert.equal(report.stderr, `runtree report: No experiment named "nope" in the store (experiments: "tuning").\n`);
  });

  test("a missing store is one line without --help; bad usage keeps its pointer", async () => {
    for (const command of ["search", "check"]) {
      const missing = await runCli([command, join(root, "nope")]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Store not found/);
      assert.doesNotMatch(missing.stderr, /--help/);
    }
    const usage = await runCli(["search", store, "--max", "0"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /\(see --help\)\n$/);
  });
});

describe("runtree check's output", () => {
  test("the summary is on stdout, like report's; stderr stays empty", async () => {
    const result = await runCli(["check", store]);
    assert.deepEqual(result, { code: 0, stdout: "ok: 1 experiments, 3 runs, 4 metric points\n", stderr: "" });
  });
});

describe("search columns", () => {
  test("the params and metrics named in the filter and order-by are columns, with - where a run has none", async () => {
    const result = await runCli(["search", store, "params.lr < 1 or tags.round = 'r1'", "--order-by", "metrics.`val loss` ASC"]);
    assert.equal(result.code, 0, result.stderr);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    assert.match(header!, /PARENT\s+params\.lr\s+tags\.round\s+metrics\.val loss\s+METRICS$/);
    const cells = (id: string) => rows.find((row) => row.startsWith(id))!.split(/ {2,}/).slice(5, 8);
    assert.deepEqual(cells(ids["lr=0.01"]!), ["0.01", "-", "0.02"]);
    assert.deepEqual(cells(ids["sweep"]!), ["-", "r1", "-"]);
  });

  test("--columns adds others, each once, before the ones the filter names", async () => {
    const result = await runCli(["search", store, "params.lr < 1", "--columns", "metrics.loss, params.lr", "--columns", "params.`learning rate`"]);
    const header = result.stdout.split("\n")[0]!;
    assert.match(header, /PARENT\s+metrics\.loss\s+params\.lr\s+params\.learning rate\s+METRICS$/);
    const bad = await runCli(["search", store, "--columns", "params.lr,loss"]);
    assert.equal(bad.code, 2);
    assert.deepEqual(frame(bad.stderr), ["params.lr,loss", `${" ".repeat(10)}^`, "hint: did you mean metrics.loss?"]);
    assert.match(bad.stderr, /^runtree search: --columns: /);
  });

  test("a name with a newline (written by another tool) cannot split a row", async (t) => {
    const own = mkdtempSync(join(tmpdir(), "runtree-messages-"));
    t.after(() => rmSync(own, { recursive: true, force: true }));
    let id = "";
    await openStore(own, { captureSource: false }).experiment("e").run({ name: "x" }, (run) => void (id = run.id));
    const file = join(own, "e", id, "run.json");
    writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, "utf8")) as object), name: "two\nlines\u001b[2J" }));
    const result = await runCli(["search", own]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n");
    assert.equal(lines.length, 4, result.stdout);
    assert.match(lines[1]!, new RegExp(`^${id}  e {11}two\\\\u000alines\\\\u001b\\[2J  FINISHED  -$`));
  });
});

describe("big outputs", () => {
  test("runtree search's table of 200,000 runs prints every row (its column widths once spread every row into Math.max: a stack overflow)", () => {
    const runs = Array.from({ length: 200_000 }, (_, n) => runRecord({ n, name: n === 123_456 ? "the longest name of them all" : `r${n}` }));
    const lines = searchTable(runs, []).split("\n");
    assert.equal(lines.length, 200_003, "a header, 200,000 rows, the count and the final newline");
    assert.equal(lines.at(-2), "(200000 runs)");
    const width = lines[1]!.indexOf("FINISHED");
    assert.ok(width > "the longest name of them all".length, "the name column is as wide as its longest name");
    assert.ok(lines.slice(1, -2).every((line) => line.indexOf("FINISHED") === width), "every row's status starts in the same column");
  });
});
