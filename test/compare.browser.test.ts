/**
 * Select and compare, in a real browser from file://: every row of a runs table has a selection box
 * (shift-click selects a range, a parent's button its children), the compare link opens
 * `compare.html#runs=...` at the site's root, and the compare page shows the runs as columns (`th[data-run-id]`)
 * with their params (`tr[data-param-key]`, `data-differs`), metrics (last, min, max, the best marked for a
 * goal), curves in one colour per run with a legend, and a scatter of any two columns; unknown ids are
 * named, not fatal; 2 to 50 runs.
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded); skipped without it, except in CI (CI=true).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { experimentDir } from "../src/format/experiment-dir.js";
import { openStore } from "../src/index.js";
import { browserSkip, buildBrowserSite, type BrowserSite } from "./browser-site.js";

const ids: Record<string, string> = {};
const MANY = 51;

/**
 * "Vision": sweep (objective loss, min) → t-1, t-2, t-3 (t-3 failed), each with a loss and acc history;
 * "Text": bert, with a param the trials lack; "Many": 51 top-level runs of two points each.
 */
async function write(dir: string): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false, fsync: false });
  const trials = [
    { name: "t-1", lr: 0.1, opt: "sgd", loss: 0.3 },
    { name: "t-2", lr: 0.01, opt: "adam", loss: 0.1 },
    { name: "t-3", lr: 0.001, opt: "adam", loss: 0.2 },
  ];
  const vision = store.experiment("Vision");
  await vision.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const trial of trials) {
      const run = vision.startRun({ name: trial.name, parent: sweep.id });
      ids[trial.name] = run.id;
      run.logParams({ lr: trial.lr, opt: trial.opt, seed: 1 });
      for (let step = 0; step < 10; step++) run.logMetrics({ loss: trial.loss + (9 - step) * 0.05, acc: 0.9 - trial.loss + step * 0.001 }, { step });
      await run.end(trial.name === "t-3" ? "FAILED" : "FINISHED");
    }
  });
  await store.experiment("Text").run({ name: "bert", params: { lr: 0.01, opt: "adam", seed: 1, warmup: 100 } }, (run) => {
    ids["bert"] = run.id;
    for (let step = 0; step < 5; step++) run.logMetrics({ loss: 0.25 + (4 - step) * 0.1, acc: 0.7 }, { step });
  });
  const many = store.experiment("Many");
  for (let i = 0; i < MANY; i++) {
    const run = many.startRun({ name: `m-${i}`, params: { i } });
    ids[`m-${i}`] = run.id;
    run.logMetric("loss", 1 / (i + 1), { step: 0 });
    run.logMetric("loss", 1 / (i + 2), { step: 1 });
    await run.end();
  }
}

function id(name: string): string {
  const value = ids[name];
  assert.ok(value, `no run named ${name}`);
  return value;
}

describe("select and compare", { skip: browserSkip }, () => {
  let site: BrowserSite;
  const experiment = (name: string) => `experiments/${experimentDir(name)}/index.html`;

  before(async () => {
    site = await buildBrowserSite(write);
  });
  after(async () => site?.close());

  async function openTable(name: string, hash = ""): Promise<Page> {
    const page = await site.open(`${experiment(name)}${hash}`);
    await page.waitForSelector("#runtree-runs table.runs.interactive");
    return page;
  }

  async function openCompare(names: readonly string[], extra = ""): Promise<Page> {
    const page = await site.open(`compare.html#runs=${names.map((n) => ids[n] ?? n).join(",")}${extra}`);
    await page.waitForSelector(`#runtree-compare[data-state="ready"]`);
    return page;
  }

  const box = (page: Page, name: string) => page.locator(`input[type=checkbox][data-select-run][value="${id(name)}"]`);
  const compareLink = (page: Page) => page.locator("[data-action=compare]");
  const checked = (page: Page) => page.$$eval("input[data-select-run]", (boxes) => boxes.filter((b) => b.matches(":checked")).map((b) => b.getAttribute("value")));
  /** The colour of each mark, as the page set it (through the CSSOM, the CSP allowing no style attribute in markup). */
  const swatches = (page: Page, selector: string) =>
    page.$$eval(selector, (marks) => marks.map((m) => /--swatch:\s*([^;]+)/.exec(m.getAttribute("style") ?? "")?.[1]?.trim() ?? ""));

  test("every row of an experiment's table has a box whose value is its run id", async () => {
    const page = await openTable("Vision", `#x=${id("sweep")}`);
    const rows = await page.$$eval("#runtree-runs tbody tr[data-run-id]", (trs) =>
      trs.map((tr) => [tr.getAttribute("data-run-id"), tr.querySelector("input[type=checkbox][data-select-run]")?.getAttribute("value")]),
    );
    assert.equal(rows.length, 4);
    for (const [runId, value] of rows) assert.equal(value, runId);
    assert.equal(await compareLink(page).getAttribute("aria-disabled"), "true");
    await page.close();
  });

  test("ticking runs makes the compare link name them in the order ticked, at the site's root", async () => {
    const page = await openTable("Vision", `#x=${id("sweep")}`);
    await box(page, "t-2").check();
    await box(page, "t-1").check();
    assert.equal(await compareLink(page).getAttribute("href"), `../../compare.html#runs=${id("t-2")},${id("t-1")}`);
    assert.equal(await compareLink(page).textContent(), "Compare 2 runs");
    await compareLink(page).click();
    await page.waitForSelector(`#runtree-compare[data-state="ready"]`);
    assert.equal(new URL(page.url()).pathname, new URL(site.url("compare.html")).pathname);
    assert.deepEqual(await page.$$eval("th[data-run-id]", (ths) => ths.map((th) => th.getAttribute("data-run-id"))), [id("t-2"), id("t-1")]);
    await page.close();
  });

  test("shift-click selects every row between the last box clicked and this one", async () => {
    const page = await openTable("Vision", `#x=${id("sweep")}`);
    await box(page, "t-1").click();
    await box(page, "t-3").click({ modifiers: ["Shift"] });
    assert.deepEqual((await checked(page)).sort(), [id("t-1"), id("t-2"), id("t-3")].sort());
    await box(page, "t-2").click({ modifiers: ["Shift"] });
    assert.deepEqual((await checked(page)).sort(), [id("t-1")].sort(), "a shift-click that unticks unticks the range");
    await page.close();
  });

  test("a parent's button selects its children (opening it), and unselects them once all are", async () => {
    const page = await openTable("Vision");
    const button = page.locator(`button[data-select-children="${id("sweep")}"]`);
    await button.click();
    await page.waitForSelector(`tr[data-run-id="${id("t-3")}"] input:checked`);
    assert.deepEqual(await checked(page), [id("t-1"), id("t-2"), id("t-3")]);
    assert.equal(await compareLink(page).textContent(), "Compare 3 runs");
    await button.click();
    assert.deepEqual(await checked(page), []);
    await page.close();
  });

  test("a run page's children table has the boxes, the children button and the compare link", async () => {
    const page = await site.open(`runs/${id("sweep")}/index.html`);
    const values = await page.$$eval("#runtree-children tbody tr[data-run-id]", (trs) =>
      trs.map((tr) => tr.getAttribute("data-run-id") === tr.querySelector("input[data-select-run]")?.getAttribute("value")),
    );
    assert.deepEqual(values, [true, true, true]);
    await page.locator(`#runtree-children tr[data-run-id="${id("t-1")}"] input[data-select-run]`).click();
    await page.locator(`#runtree-children tr[data-run-id="${id("t-3")}"] input[data-select-run]`).click({ modifiers: ["Shift"] });
    assert.equal(await compareLink(page).getAttribute("href"), `../../compare.html#runs=${id("t-1")},${id("t-2")},${id("t-3")}`);
    await page.close();
  });

  test("the compare page heads each run's column with its name, experiment, parent and status", async () => {
    const page = await openCompare(["t-3", "bert"]);
    const heads = page.locator("th[data-run-id]");
    assert.equal(await heads.count(), 2);
    const t3 = (await heads.nth(0).innerText()).replace(/\s+/g, " ");
    assert.match(t3, /t-3 Vision child of sweep FAILED/);
    assert.match((await heads.nth(1).innerText()).replace(/\s+/g, " "), /bert Text FINISHED/);
    assert.equal(await heads.nth(0).locator(".run-parent a").getAttribute("href"), `runs/${id("sweep")}/index.html`);
    await page.close();
  });

  test("params rows say where the runs differ, a missing param counting, and the toggle keeps only those", async () => {
    const page = await openCompare(["t-1", "t-2", "bert"]);
    const differs = await page.$$eval("tr[data-param-key]", (trs) => trs.map((tr) => `${tr.getAttribute("data-param-key")}:${tr.getAttribute("data-differs")}`));
    assert.deepEqual(differs, ["lr:true", "opt:true", "seed:false", "warmup:true"]);
    const seed = page.locator(`tr[data-param-key="seed"]`);
    assert.equal(await seed.isVisible(), true);
    await page.locator("input[data-only-differences]").check();
    assert.equal(await seed.isVisible(), false);
    assert.equal(await page.locator(`tr[data-param-key="warmup"]`).isVisible(), true);
    assert.match(page.url(), /&only=1/);
    await page.close();
  });

  test("the metrics table shows last, min and max and marks each row's best for the chosen goal", async () => {
    const page = await openCompare(["t-1", "t-2", "bert"]);
    const best = (stat: string) => page.$$eval(`tr[data-metric-key="loss"][data-stat="${stat}"] td`, (tds) => tds.map((td) => td.getAttribute("data-best") === "true"));
    assert.deepEqual(await page.$$eval(`tr[data-metric-key="loss"]`, (trs) => trs.map((tr) => tr.getAttribute("data-stat"))), ["last", "min", "max"]);
    assert.deepEqual(await page.locator(`tr[data-metric-key="loss"][data-stat="last"] td`).allTextContents(), ["0.3", "0.1", "0.25"]);
    assert.deepEqual(await best("last"), [false, true, false]);
    await page.locator("#runtree-compare-goal").selectOption("max");
    assert.deepEqual(await best("last"), [true, false, false]);
    // Highest first values: t-1 started at 0.75, bert at 0.65.
    assert.deepEqual(await best("max"), [true, false, false]);
    assert.deepEqual(await page.locator(`tr[data-metric-key="loss"][data-stat="max"] td`).allTextContents(), ["0.75", "0.55", "0.65"]);
    assert.match(page.url(), /goal=max/);
    await page.close();
  });

  test("each metric's curves are overlaid, one stable colour per run, with a legend in column order", async () => {
    const page = await openCompare(["t-1", "t-2", "bert"]);
    await page.waitForSelector(`figure.compare-curve[data-metric="loss"][data-state="ready"]`);
    assert.deepEqual(await page.$$eval("figure.compare-curve", (fs) => fs.map((f) => `${f.getAttribute("data-metric")}:${f.getAttribute("data-curves")}`)), ["acc:3", "loss:3"]);
    assert.equal(await page.locator(`figure.compare-curve[data-metric="loss"] canvas`).count() > 0, true);
    const legend = await swatches(page, "ul.compare-legend li .swatch");
    assert.deepEqual(await page.$$eval("ul.compare-legend li", (lis) => lis.map((li) => li.getAttribute("data-run-id"))), [id("t-1"), id("t-2"), id("bert")]);
    assert.equal(new Set(legend).size, 3, legend.join(" "));
    assert.deepEqual(await swatches(page, "th[data-run-id] .swatch"), legend);
    await page.close();
  });

  test("the scatter plots any two columns, each run a point in its colour", async () => {
    const page = await openCompare(["t-1", "t-2", "bert"]);
    const figure = page.locator("figure.compare-scatter");
    assert.equal(await figure.getAttribute("data-x"), "params.lr");
    await page.locator("#runtree-compare-y").selectOption("metrics.loss");
    assert.equal(await figure.getAttribute("data-points"), "3");
    const points = await figure.locator("a[data-run-id] circle").evaluateAll((cs) => cs.map((c) => c.getAttribute("fill")));
    const legend = await swatches(page, "ul.compare-legend li .swatch");
    assert.deepEqual(points, legend);
    assert.match(page.url(), /x=params\.lr&y=metrics\.loss/);
    await page.locator("#runtree-compare-x").selectOption("params.opt");
    assert.equal(await figure.getAttribute("data-points"), "3");
    await page.close();
  });

  test("ids the report does not have are named on the page, and the rest is compared", async () => {
    const before = site.problems.length;
    const page = await openCompare(["t-1", "0".repeat(32), "bert", "not-an-id"]);
    assert.equal(await page.locator("th[data-run-id]").count(), 2);
    const unknown = await page.$$eval("[data-unknown-id]", (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(unknown, [`${"0".repeat(32)} (not in this report)`, "not-an-id (not a run id)"]);
    // The one missing file is the browser's own console error; nothing else went wrong.
    assert.deepEqual(site.problems.splice(before).filter((p) => !/ERR_FILE_NOT_FOUND/.test(p)), []);
    await page.close();
  });

  test("fifty runs compare side by side; past fifty the link says so and the page leaves the rest out", async () => {
    const page = await openTable("Many");
    await box(page, "m-0").click();
    await box(page, `m-${MANY - 2}`).click({ modifiers: ["Shift"] });
    assert.equal(await compareLink(page).textContent(), "Compare 50 runs");
    const href = (await compareLink(page).getAttribute("href")) ?? "";
    await box(page, `m-${MANY - 1}`).click();
    assert.equal(await compareLink(page).getAttribute("aria-disabled"), "true");
    assert.equal(await compareLink(page).getAttribute("href"), null);
    await page.goto(new URL(href, page.url()).href);
    await page.waitForSelector(`#runtree-compare[data-state="ready"]`);
    assert.equal(await page.locator("th[data-run-id]").count(), 50);
    await page.waitForSelector(`figure.compare-curve[data-metric="loss"][data-curves="50"][data-state="ready"]`);
    const all = await openCompare(Array.from({ length: MANY }, (_, i) => `m-${i}`));
    assert.equal(await all.locator("th[data-run-id]").count(), 50);
    assert.match((await all.locator(".compare-left-out").textContent()) ?? "", /1 more/);
    await all.close();
    await page.close();
  });

  test("no script error, CSP violation or request outside file://", () => {
    assert.deepEqual(site.problems, []);
    assert.deepEqual(site.requests.filter((url) => !url.startsWith("file://")), []);
  });
});
