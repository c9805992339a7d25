/**
 * Keys are user data, even when they are named like Object.prototype's members. Every own property name of
 * Object.prototype (`constructor`, `toString`, `__proto__`, `__defineGetter__`, …) is logged as a param, a
 * metric and a tag on some runs and not on others. The library, the search, `runtree check`, the report (its
 * files, and its table in Chromium) and the MLflow round trip must each show exactly what was logged, where
 * it was logged, and nothing where it was not.
 *
 * The report and check run through the installed commands (bin/, built dist/), as a user runs them.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { openStore, readMetricHistory, readStore, type ParamValue, type Run, type RunRecord, type Store } from "../src/index.js";
import { mlflowExperimentId } from "../src/mlflow/experiment-id.js";
import { unpack } from "../src/client/charts/unpack.js";
import type { CurvesFile, RunPageData } from "../src/report/page-data.js";
import { formatNumber } from "../src/report/format.js";
import { evaluateChunk, experimentRuns, runRecordsOf } from "./report-fixtures.js";
import { browserSkip } from "./browser-site.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const skipBrowser = browserSkip;

/** Sorted, so the test reads the same on every engine; `__proto__` included (getOwnPropertyNames lists it). */
const NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const EXPERIMENT = "Prototype keys";

interface Logged {
  readonly params: ReadonlyMap<string, ParamValue>;
  readonly metrics: ReadonlyMap<string, number>;
  readonly tags: ReadonlyMap<string, string>;
}
type Kind = keyof Logged;
const KINDS: readonly Kind[] = ["params", "metrics", "tags"];

/**
 * all (objective: constructor, max) ─┬─ even: the names at even positions
 *                                    └─ odd:  the names at odd positions
 * again: every name, other values;  none: no such name at all
 */
const RUNS: ReadonlyArray<{ name: string; parent?: string; logged: Logged }> = [
  { name: "all", logged: namesLogged(NAMES, (n, i) => ["x", i + 1, `all:${n}`]) },
  { name: "even", parent: "all", logged: namesLogged(NAMES.filter((_, i) => i % 2 === 0), (n, i) => [`even-${i}`, (i + 1) * 10, `even:${n}`]) },
  { name: "odd", parent: "all", logged: namesLogged(NAMES.filter((_, i) => i % 2 === 1), (n, i) => [`odd-${i}`, (i + 1) * 10 + 5, `odd:${n}`]) },
  { name: "again", logged: namesLogged(NAMES, (n, i) => ["y", (i + 1) * 100, `again:${n}`]) },
  { name: "none", logged: { params: new Map([["lr", 0.1]]), metrics: new Map([["loss", 0.5]]), tags: new Map([["team", "a"]]) } },
];

function namesLogged(names: readonly string[], values: (name: string, index: number) => [ParamValue, number, string]): Logged {
  const rows = names.map((name, i) => [name, ...values(name, i)] as const);
  return {
    params: new Map(rows.map(([name, param]) => [name, param])),
    metrics: new Map(rows.map(([name, , metric]) => [name, metric])),
    tags: new Map(rows.map(([name, , , tag]) => [name, tag])),
  };
}

function logged(run: string): Logged {
  const found = RUNS.find((r) => r.name === run);
  assert.ok(found, run);
  return found.logged;
}

/** Which runs logged `name` as `kind`, in fixture order. */
function runsWith(kind: Kind, name: string): string[] {
  return RUNS.filter((r) => r.logged[kind].has(name)).map((r) => r.name);
}

/** Writes the fixture through the library; every metric gets a two-point history ending at its value. */
async function writeStore(root: string): Promise<Record<string, string>> {
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(root, { clock: () => (now += 1000), captureSource: false });
  const exp = store.experiment(EXPERIMENT);
  const ids: Record<string, string> = {};
  const open: Run[] = [];
  for (const spec of RUNS) {
    const parent = spec.parent === undefined ? undefined : ids[spec.parent];
    const run = exp.startRun({
      name: spec.name,
      ...(parent !== undefined && { parent }),
      ...(spec.name === "all" && { objective: { metric: "constructor", goal: "max" } }),
      // fromEntries makes own properties, so "__proto__" is a key here too.
      params: Object.fromEntries(spec.logged.params),
      tags: Object.fromEntries(spec.logged.tags),
    });
    ids[spec.name] = run.id;
    open.push(run);
    const metrics = Object.fromEntries(spec.logged.metrics);
    run.logMetrics(Object.fromEntries(Object.keys(metrics).map((key) => [key, 0])), { step: 0 });
    run.logMetrics(metrics, { step: 1 });
  }
  // Children end before their parent, so the parent's best child is chosen from ended runs.
  for (const run of open.reverse()) await run.end();
  return ids;
}

interface RecordCheck {
  /** MLflow keeps params as text. */
  readonly paramsAsText?: boolean;
  /** MLflow's own tags (`mlflow.user`, `mlflow.source.name`, …) are left out of the comparison. */
  readonly withoutSystemTags?: boolean;
  /** The library's records are null-prototype: plain indexing (a user's way) must find only what was logged. */
  readonly byIndexing?: boolean;
}

/** Checks every run's params, metrics and tags against what was logged: same keys, same values. */
function assertRecords(records: ReadonlyArray<Pick<RunRecord, "name" | Kind>>, check: RecordCheck = {}): void {
  for (const spec of RUNS) {
    const record = records.find((r) => r.name === spec.name);
    assert.ok(record, `run ${spec.name}`);
    for (const kind of KINDS) {
      const show = (value: unknown) => (check.paramsAsText && kind === "params" && value !== undefined ? String(value) : value);
      const expected = [...spec.logged[kind]].map(([key, value]) => [key, show(value)] as const);
      const found: Array<[string, unknown]> = Object.entries(record[kind]).filter(([key]) => !(check.withoutSystemTags && kind === "tags" && key.startsWith("mlflow.")));
      assert.deepEqual(found.sort(), expected.sort(), `${spec.name}.${kind}`);
      if (!check.byIndexing) continue;
      const indexed = record[kind] as Readonly<Record<string, unknown>>;
      for (const name of NAMES) assert.equal(indexed[name], show(spec.logged[kind].get(name)), `${spec.name}.${kind}.${name}`);
    }
  }
}

function bin(name: string, args: readonly string[]) {
  return spawnSync(process.execPath, [join(ROOT, "bin", name), ...args], { encoding: "utf8", timeout: 120_000 });
}

describe("keys named like Object.prototype's members", () => {
  let dir = "";
  let store: Store;
  let ids: Record<string, string> = {};
  let site = "";

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "runtree-proto-"));
    ids = await writeStore(join(dir, "mlruns"));
    store = openStore(join(dir, "mlruns"), { captureSource: false });
    site = join(dir, "site");
    const report = bin("report.js", [join(dir, "mlruns"), site, "--quiet"]);
    assert.equal(report.status, 0, report.stderr);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the names include the ones that break plain objects, split between the children as the checks below assume", () => {
    for (const name of ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "__defineGetter__"]) assert.ok(NAMES.includes(name), name);
    assert.deepEqual(
      ["constructor", "toString", "valueOf", "__proto__"].map((name) => runsWith("metrics", name)),
      [["all", "odd", "again"], ["all", "even", "again"], ["all", "odd", "again"], ["all", "even", "again"]],
    );
  });

  test("getRun gives each run exactly its own params, metrics and tags, in null-prototype records", async () => {
    const records = await Promise.all(Object.values(ids).map((id) => store.getRun(id)));
    assertRecords(records, { byIndexing: true });
    for (const record of records) for (const kind of KINDS) assert.equal(Object.getPrototypeOf(record[kind]), null, `${record.name}.${kind}`);
  });

  test("metric histories are found by such keys, and a run that never logged one has none", async () => {
    const all = await store.getRun(ids["all"]!);
    for (const [i, name] of NAMES.entries()) {
      assert.deepEqual((await store.metricHistory(ids["all"]!, name)).map((p) => [p.step, p.value]), [[0, 0], [1, i + 1]], name);
      assert.deepEqual(await store.metricHistory(ids["none"]!, name), [], name);
      assert.equal(all.metricSummaries[name]?.count, 2, name);
    }
  });

  test("the parent's objective `constructor` picks the child that logged it, not one that inherits it", async () => {
    const all = await store.getRun(ids["all"]!);
    assert.equal(all.bestChild?.name, "odd");
    assert.equal(all.bestChild?.value, logged("odd").metrics.get("constructor"));
    assert.equal(all.bestChild?.params["constructor"], logged("odd").params.get("constructor"));
    assert.equal(all.bestChild?.params["__proto__"], undefined);
  });

  test("searchRuns sees a key exactly on the runs that logged it", async () => {
    const names = async (filter: string, orderBy?: string[]) =>
      (await store.searchRuns({ filter, orderBy: orderBy ?? ["attributes.start_time ASC"] })).map((r) => r.name);
    assert.deepEqual(await names("metrics.constructor > 0"), ["all", "odd", "again"]);
    assert.deepEqual(await names("params.toString = 'x'"), ["all"]);
    assert.deepEqual(await names("tags.valueOf IS NULL"), ["even", "none"]);
    // __proto__ is 5 on all, 50 on even, 500 on again; odd and none lack it: last, newest first.
    assert.deepEqual(await names("", ["metrics.__proto__ DESC"]), ["again", "even", "all", "none", "odd"]);
    for (const name of NAMES) {
      assert.deepEqual(await names(`params.\`${name}\` IS NOT NULL`), runsWith("params", name), `params.${name}`);
      assert.deepEqual(await names(`metrics.\`${name}\` >= 0`), runsWith("metrics", name), `metrics.${name}`);
      const without = RUNS.map((r) => r.name).filter((run) => !runsWith("tags", name).includes(run));
      assert.deepEqual(await names(`tags.\`${name}\` IS NULL`), without, `tags.${name}`);
      assert.deepEqual(await names(`tags.\`${name}\` LIKE 'all:%'`), ["all"], `tags.${name} LIKE`);
    }
  });

  test("runtree check finds nothing wrong", () => {
    const check = bin("runtree.js", ["check", join(dir, "mlruns")]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout + check.stderr, /^ok: 1 experiments, 5 runs/);
  });

  test("the report's data.js carries every run's keys and values exactly, as the browser evaluates it", () => {
    const { data, runs } = experimentRuns(site, slugOf(site));
    assertRecords(runRecordsOf(runs));
    for (const name of NAMES) for (const keys of [data.paramKeys, data.metricKeys, data.tagKeys]) assert.ok(keys.includes(name), name);
  });

  test("a run page embeds a chart per such key, and the sweep's curves files hold exactly the children that logged it", () => {
    const html = readFileSync(join(site, "runs", ids["all"]!, "index.html"), "utf8");
    const json = /<script type="application\/json" id="runtree-run">([^<]*)<\/script>/.exec(html)?.[1];
    assert.ok(json);
    const data = JSON.parse(json) as RunPageData;
    assert.deepEqual(Object.keys(data.charts).sort(), NAMES);
    for (const [i, name] of NAMES.entries()) {
      const chart = Object.hasOwn(data.charts, name) ? data.charts[name] : undefined;
      assert.ok(chart, name);
      assert.deepEqual([...unpack(chart.points).x], [0, 1], name);
      assert.deepEqual([...unpack(chart.points).y], [0, i + 1], name);
    }
    assert.equal(data.sweep?.bestId, ids["odd"]);
    const curves = data.sweep?.curves ?? {};
    assert.deepEqual(Object.keys(curves).sort(), NAMES);
    const files = new Set<string>();
    for (const name of NAMES) {
      const src = Object.hasOwn(curves, name) ? curves[name] : undefined;
      assert.ok(src, name);
      files.add(src);
      // Evaluated as the page's script tag evaluates it, not parsed as JSON.
      const { src: named, data: file } = evaluateChunk(readFileSync(join(site, "runs", ids["all"]!, ...src.split("/")), "utf8"));
      assert.equal(named, src, name);
      const { key, children } = file as CurvesFile;
      assert.equal(key, name);
      const holder = runsWith("metrics", name).find((run) => run === "even" || run === "odd")!;
      assert.deepEqual(Object.keys(children), [ids[holder]], name);
      const value = logged(holder).metrics.get(name);
      assert.deepEqual([...unpack(children[ids[holder]!]!).y], [0, value], name);
    }
    assert.equal(files.size, NAMES.length, "one curves file per key");
  });

  test("MLflow export writes a file per key, and reading or importing the export gives the same runs", async () => {
    const mlflow = join(dir, "mlflow");
    const exported = bin("runtree.js", ["export", "mlflow", join(dir, "mlruns"), mlflow]);
    assert.equal(exported.status, 0, exported.stderr);
    const runDir = join(mlflow, mlflowExperimentId(EXPERIMENT), ids["all"]!);
    for (const name of NAMES) {
      assert.equal(readFileSync(join(runDir, "params", name), "utf8"), "x", name);
      assert.equal(readFileSync(join(runDir, "tags", name), "utf8"), `all:${name}`, name);
    }
    const read = await readStore(mlflow);
    assert.deepEqual(read.problems, []);
    assertRecords(read.runs, { paramsAsText: true, withoutSystemTags: true, byIndexing: true });
    const history = await readMetricHistory(read.runs.find((run) => run.name === "all")!, "__proto__");
    assert.deepEqual(history.map((p) => p.value), [0, NAMES.indexOf("__proto__") + 1]);

    const back = join(dir, "imported");
    const imported = bin("runtree.js", ["import", "mlflow", mlflow, back]);
    assert.equal(imported.status, 0, imported.stderr);
    const again = await readStore(back);
    assert.deepEqual(again.problems, []);
    assertRecords(again.runs, { paramsAsText: true, withoutSystemTags: true, byIndexing: true });
    const check = bin("runtree.js", ["check", back]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  describe("in Chromium", { skip: skipBrowser }, () => {
    let browser: Browser;
    const errors: string[] = [];

    before(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
    });
    after(async () => {
      await browser?.close();
    });

    async function open(url: string, javaScriptEnabled = true): Promise<Page> {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1600, height: 900 } });
      const page = await context.newPage();
      page.on("pageerror", (error) => errors.push(`${url}: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`${url}: ${message.text()}`);
      });
      await page.goto(url);
      return page;
    }

    function experimentUrl(hash = ""): string {
      return `${pathToFileURL(join(site, "experiments", slugOf(site), "index.html")).href}${hash}`;
    }

    /** Each row's cell text per column, keyed `<run name>|<column>`; `columnsOf` reads the header. */
    async function cells(page: Page, columnsOf: string): Promise<Map<string, string>> {
      const columns = await page.$$eval(`#runtree-runs table.runs ${columnsOf}`, (headers) =>
        headers.map((th) => th.getAttribute("data-sort") ?? `${th.getAttribute("data-kind")}s.${th.getAttribute("data-key")}`),
      );
      const tds = await page.$$eval("#runtree-runs table.runs > tbody > tr[data-run-id] > td", (cells) =>
        cells.map((td) => [td.parentElement?.getAttribute("data-run-id") ?? "", td.textContent ?? ""] as const),
      );
      const rows = [...new Set(tds.map(([id]) => id))].map((id) => ({ id, cells: tds.filter(([row]) => row === id).map(([, text]) => text) }));
      const table = { columns, rows };
      const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
      const out = new Map<string, string>();
      for (const row of table.rows) {
        // The header lists the key columns after the fixed name, status, start and duration.
        const offset = row.cells.length - table.columns.length;
        table.columns.forEach((column, i) => out.set(`${byId.get(row.id)}|${column}`, (row.cells[offset + i] ?? "").trim()));
      }
      return out;
    }

    function expectedText(run: string, kind: Kind, name: string): string {
      // A parent's row shows its best child's value in its objective's column, marked as the child's.
      if (run === "all" && kind === "metrics" && name === "constructor") return `${formatNumber(logged("odd").metrics.get(name) ?? NaN)}★ (best child)`;
      const value = logged(run)[kind].get(name);
      if (value === undefined) return "";
      return typeof value === "number" ? formatNumber(value) : String(value);
    }

    function assertCells(found: Map<string, string>, kinds: readonly Kind[], runs: readonly string[]): void {
      for (const run of runs) {
        for (const kind of kinds) {
          for (const name of NAMES) assert.equal(found.get(`${run}|${kind}.${name}`), expectedText(run, kind, name), `${run} ${kind}.${name}`);
        }
      }
    }

    test("without JavaScript, the static table shows each value in its run's row and nothing elsewhere", async () => {
      const page = await open(experimentUrl(), false);
      const found = await cells(page, "thead th[data-key]");
      assertCells(found, ["params", "metrics"], RUNS.map((r) => r.name));
      await page.context().close();
    });

    test("the script's table shows every such column, sorts by it within siblings, and filters by it", async () => {
      const columns = KINDS.flatMap((kind) => NAMES.map((name) => `${kind}.${name}`));
      const hash = `#x=${ids["all"]}&c=${columns.map(encodeURIComponent).join(",")}`;
      const page = await open(experimentUrl(hash));
      await page.waitForSelector("#runtree-runs table.runs.interactive");
      assertCells(await cells(page, "thead button[data-sort]"), KINDS, RUNS.map((r) => r.name));

      const order = async () => {
        const found = await page.$$eval("#runtree-runs tbody tr[data-run-id]", (trs) => trs.map((tr) => tr.getAttribute("data-run-id")));
        const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
        return found.map((id) => byId.get(id ?? ""));
      };
      assert.deepEqual(await order(), ["all", "even", "odd", "again", "none"]);
      // Siblings sort within their parent; a run without the key comes last in both directions.
      // metrics.constructor: all shows its best child's (odd's), again 600, none lacks it; under all, even lacks it.
      const sortBy = (column: string) => page.locator(`#runtree-runs button[data-sort="${column}"]`).click();
      await sortBy("metrics.constructor");
      assert.deepEqual(await order(), ["all", "odd", "even", "again", "none"]);
      await sortBy("metrics.constructor");
      assert.deepEqual(await order(), ["again", "all", "odd", "even", "none"]);
      // params.toString: all "x", again "y", none lacks it; under all, even "even-10" and odd lacks it.
      await sortBy("params.toString");
      assert.deepEqual(await order(), ["all", "even", "odd", "again", "none"]);
      await sortBy("params.toString");
      assert.deepEqual(await order(), ["again", "all", "even", "odd", "none"]);
      assert.deepEqual(errors, []);

      const box = page.locator("#runtree-runs input[type=search]");
      await box.fill("metrics.constructor > 0");
      await box.press("Enter");
      assert.equal(await page.locator(".match-count").textContent(), "3 of 5 runs match");
      await box.fill("tags.valueOf IS NULL");
      await box.press("Enter");
      assert.equal(await page.locator(".match-count").textContent(), "2 of 5 runs match");
      assert.deepEqual(errors, []);
      await page.context().close();
    });

    test("the sweep's run page lists its own keys, draws its charts and raises no error", async () => {
      const page = await open(pathToFileURL(join(site, "runs", ids["all"]!, "index.html")).href);
      await page.waitForSelector("#runtree-sweep svg.parallel");
      for (const [section, kind] of [["params", "params"], ["tags", "tags"]] as const) {
        const rows = await page.$$eval(`section.${section} table.kv tr`, (trs) => trs.map((tr) => [tr.querySelector("th")?.textContent, tr.querySelector("td")?.textContent]));
        assert.deepEqual(rows, NAMES.map((name) => [name, String(logged("all")[kind].get(name))]));
      }
      const metrics = await page.$$eval("section.metrics table.metrics tbody tr", (trs) => trs.map((tr) => [tr.querySelector("th")?.textContent, tr.querySelector("td")?.textContent]));
      assert.deepEqual(metrics, NAMES.map((name) => [name, formatNumber(logged("all").metrics.get(name)!)]));
      // A chart per key, each drawn; the overlay loads each key's curves: exactly the child that logged it.
      await page.locator('#runtree-charts figure.metric-chart[data-state="ready"]').nth(NAMES.length - 1).waitFor({ state: "attached" });
      const drawn = await page.$$eval("#runtree-charts figure.metric-chart", (figures) => figures.map((f) => [f.getAttribute("data-metric"), f.getAttribute("data-count")]));
      assert.deepEqual(drawn, NAMES.map((name) => [name, "2"]));
      const overlay = page.locator("#runtree-sweep .overlaid-curves");
      for (const name of NAMES) {
        await overlay.locator("select#runtree-sweep-metric").selectOption(name);
        await page.waitForSelector(`#runtree-sweep .overlaid-curves[data-metric="${name}"][data-state="ready"]`);
        const holder = runsWith("metrics", name).find((run) => run === "even" || run === "odd")!;
        assert.equal(await overlay.getAttribute("data-curves"), "1", name);
        assert.equal(await overlay.getAttribute("data-highlight"), holder === "odd" ? ids["odd"] : "", name);
      }
      // Labels are truncated on screen; their title holds the whole key.
      const axes = await page.$$eval("#runtree-sweep svg.parallel .axis-label title", (titles) => titles.map((t) => t.textContent));
      for (const name of NAMES) assert.ok(axes.includes(name), `a parallel-coordinates axis for ${name}`);
      assert.equal(await page.locator(".best-child a").textContent(), "odd");
      assert.match((await page.locator(".sweep-best-line").textContent()) ?? "", /\bodd\b/);
      assert.deepEqual(errors, []);
      await page.context().close();
    });

    test("the chart view in the hash finds such keys: smoothing and log scale apply to exactly the named charts", async () => {
      const page = await open(`${pathToFileURL(join(site, "runs", ids["all"]!, "index.html")).href}#sm=__proto__:0.5,constructor:0.25&log=toString`);
      await page.locator('#runtree-charts figure.metric-chart[data-state="ready"]').nth(NAMES.length - 1).waitFor({ state: "attached" });
      const view = await page.$$eval("#runtree-charts figure.metric-chart", (figures) =>
        figures.map((f) => [f.getAttribute("data-metric"), f.getAttribute("data-smoothing"), f.getAttribute("data-log")]),
      );
      const smoothing = new Map([["__proto__", "0.5"], ["constructor", "0.25"]]);
      assert.deepEqual(view, NAMES.map((name) => [name, smoothing.get(name) ?? "0", String(name === "toString")]));
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  });
});

function slugOf(site: string): string {
  const html = readFileSync(join(site, "index.html"), "utf8");
  const slug = /href="experiments\/([^/"]+)\/index\.html"/.exec(html)?.[1];
  assert.ok(slug, "the index links the experiment");
  return slug;
}
