/**
 * The experiment page's chart panel, in a real browser from file://: above the runs table, collapsed until
 * opened; a scatter of a metric against a param or a metric over the runs the table's filter shows (points
 * coloured by a chosen param, a click opens the run) and a bar chart of one metric per top-level run; its
 * state in the URL hash beside the table's.
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
const TRIALS = [
  { name: "t-1", lr: 0.001, opt: "adam", loss: 0.4, acc: 0.6 },
  { name: "t-2", lr: 0.01, opt: "adam", loss: 0.2, acc: 0.8 },
  { name: "t-3", lr: 0.1, opt: "sgd", loss: 0.3, acc: 0.7 },
];
/** Top-level runs of "Many": more than data.js's first page, so the rest come from a slice loaded later. */
const MANY = 130;

/** "Grid": sweep (objective loss, min) → t-1, t-2, t-3; "baseline" (loss 0.5, no lr); "tiny" (loss 0.05, no acc). "Many": 130 runs. */
async function write(dir: string): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false, fsync: false });
  const grid = store.experiment("Grid");
  await grid.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const trial of TRIALS) {
      await sweep.child({ name: trial.name, params: { lr: trial.lr, opt: trial.opt } }, (run) => {
        ids[trial.name] = run.id;
        run.logMetrics({ loss: trial.loss, acc: trial.acc });
      });
    }
  });
  await grid.run({ name: "baseline", params: { opt: "sgd" } }, (run) => {
    ids["baseline"] = run.id;
    run.logMetrics({ loss: 0.5, acc: 0.5 });
  });
  await grid.run({ name: "tiny", params: { lr: 1, opt: "<b>odd</b>" } }, (run) => {
    ids["tiny"] = run.id;
    run.logMetric("loss", 0.05);
  });
  const many = store.experiment("Many");
  for (let i = 0; i < MANY; i++) {
    await many.run({ name: `m-${i}`, params: { i } }, (run) => run.logMetric("loss", 1 / (i + 1)));
  }
}

const id = (name: string): string => {
  const value = ids[name];
  assert.ok(value, `no run named ${name}`);
  return value;
};

describe("the experiment page's chart panel", { skip: browserSkip }, () => {
  let site: BrowserSite;

  before(async () => {
    site = await buildBrowserSite(write);
  });
  after(async () => site?.close());

  async function open(name: string, hash = ""): Promise<Page> {
    const page = await site.open(`experiments/${experimentDir(name)}/index.html${hash}`);
    await page.waitForSelector("#runtree-runs table.runs.interactive");
    return page;
  }

  const scatter = (page: Page) => page.locator("details#runtree-explore figure.explore-scatter");
  const bars = (page: Page) => page.locator("details#runtree-explore figure.explore-bars");
  const pointIds = (page: Page) => page.$$eval("figure.explore-scatter a[data-run-id]", (as) => as.map((a) => a.getAttribute("data-run-id")).sort());
  const barIds = (page: Page) => page.$$eval("figure.explore-bars a[data-run-id]", (as) => as.map((a) => a.getAttribute("data-run-id")));
  const hashParts = (page: Page) => new URL(page.url()).hash.replace(/^#/, "").split("&").filter((p) => p !== "").sort();

  test("the panel sits above the table, closed; opened, it plots each run's acc against its lr and says which runs have no lr", async () => {
    const page = await open("Grid");
    const panel = page.locator("details#runtree-explore");
    assert.equal(await panel.getAttribute("open"), null);
    assert.equal(await page.locator("details#runtree-explore + #runtree-runs").count(), 1, "the panel comes right before the table");
    await panel.locator("summary").click();
    await scatter(page).and(page.locator('[data-points="3"]')).waitFor();
    assert.equal(await scatter(page).getAttribute("data-x"), "params.lr");
    assert.equal(await scatter(page).getAttribute("data-y"), "metrics.acc");
    assert.deepEqual(await pointIds(page), [id("t-1"), id("t-2"), id("t-3")].sort());
    // lr spans two decades: a log axis puts the three trials evenly apart.
    const xs = await Promise.all(["t-1", "t-2", "t-3"].map(async (n) => Number(await page.locator(`figure.explore-scatter a[data-run-id="${id(n)}"] circle`).getAttribute("cx"))));
    assert.ok(Math.abs(xs[1]! - xs[0]! - (xs[2]! - xs[1]!)) < 2, `evenly spaced on a log axis: ${xs.join(", ")}`);
    assert.equal(await scatter(page).locator(".chart-note").textContent(), "3 of 6 runs have no finite metrics.acc or no params.lr.");
    assert.deepEqual(hashParts(page), ["g=1"]);
    await page.close();
  });

  test("the scatter follows the table's filter, and its points open their runs", async () => {
    const page = await open("Grid", "#g=1");
    await scatter(page).and(page.locator('[data-points="3"]')).waitFor();
    const box = page.locator("#runtree-runs input[type=search]");
    await box.fill("params.opt = 'adam'");
    await box.press("Enter");
    await scatter(page).and(page.locator('[data-points="2"]')).waitFor();
    assert.deepEqual(await pointIds(page), [id("t-1"), id("t-2")].sort());
    assert.deepEqual(hashParts(page), ["f=params.opt%20%3D%20'adam'", "g=1"].sort());
    await page.locator(`figure.explore-scatter a[data-run-id="${id("t-2")}"]`).click();
    await page.waitForURL(/\/runs\/[0-9a-f]{32}\/index\.html/);
    assert.ok(page.url().includes(`/runs/${id("t-2")}/`));
    await page.close();
  });

  test("points are coloured by a chosen param, with a legend of its values (hostile ones as text)", async () => {
    const page = await open("Grid", "#g=1&gy=metrics.loss&gx=metrics.acc");
    await scatter(page).and(page.locator('[data-points="4"]')).waitFor();
    await page.locator("#runtree-explore-color").selectOption("params.opt");
    await page.locator("ul.explore-legend[data-color='params.opt']").waitFor();
    const legend = await page.$$eval("ul.explore-legend li", (items) => items.map((li) => [li.textContent, li.getAttribute("data-swatch")]));
    assert.deepEqual(legend.map(([text]) => text), ["adam", "sgd"], "the runs plotted have these values");
    const fill = (name: string) => page.locator(`figure.explore-scatter a[data-run-id="${id(name)}"] circle`).getAttribute("fill");
    assert.equal(await fill("t-1"), await fill("t-2"));
    assert.notEqual(await fill("t-1"), await fill("t-3"));
    assert.equal(await fill("t-3"), legend[1]![1]);
    assert.ok(hashParts(page).includes("gc=params.opt"));
    // Across all runs (tiny has no acc, so plot loss against lr, where tiny's opt shows): a value that looks like markup stays text.
    await page.locator("#runtree-explore-x").selectOption("params.lr");
    await page.locator("ul.explore-legend li", { hasText: "<b>odd</b>" }).waitFor();
    assert.equal(await page.locator("ul.explore-legend b").count(), 0);
    await page.close();
  });

  test("the bar chart has one bar per top-level run, a sweep showing its best child's value, sorted either way", async () => {
    const page = await open("Grid", "#g=1&gb=metrics.loss");
    await bars(page).and(page.locator('[data-bars="3"]')).waitFor();
    assert.deepEqual(await barIds(page), [id("tiny"), id("sweep"), id("baseline")]);
    const sweep = page.locator(`figure.explore-bars a[data-run-id="${id("sweep")}"]`);
    assert.equal(await sweep.getAttribute("data-value"), "0.2");
    assert.match((await sweep.locator("title").textContent()) ?? "", /best child t-2/);
    await page.locator("#runtree-explore-order").selectOption("desc");
    await page.waitForURL(/go=desc/);
    assert.deepEqual(await barIds(page), [id("baseline"), id("sweep"), id("tiny")]);
    // A filter keeps the top-level runs it matches and those with a match below them.
    const box = page.locator("#runtree-runs input[type=search]");
    await box.fill("params.opt = 'sgd'");
    await box.press("Enter");
    await bars(page).and(page.locator('[data-bars="2"]')).waitFor();
    assert.deepEqual(await barIds(page), [id("baseline"), id("sweep")]);
    await page.close();
  });

  test("a shared link restores the panel; changing the table keeps the panel's parts, and the panel the table's", async () => {
    const page = await open("Grid", "#s=metrics.loss:desc&g=1&gx=metrics.loss&gy=metrics.acc&gc=params.opt&gb=metrics.acc&go=desc");
    await scatter(page).and(page.locator('[data-points="4"]')).waitFor();
    assert.equal(await page.locator("#runtree-explore-x").inputValue(), "metrics.loss");
    assert.equal(await page.locator("#runtree-explore-color").inputValue(), "params.opt");
    assert.equal(await bars(page).getAttribute("data-metric"), "metrics.acc");
    // acc, highest first: the sweep's objective is loss and it logged no acc itself; tiny has none either.
    assert.equal(await bars(page).getAttribute("data-bars"), "1");
    assert.deepEqual(await barIds(page), [id("baseline")]);
    await page.locator("#runtree-runs button[data-sort='attributes.run_name']").click();
    await page.waitForURL(/s=attributes\.run_name/);
    assert.ok(hashParts(page).includes("gx=metrics.loss") && hashParts(page).includes("g=1"));
    await page.locator("#runtree-explore-y").selectOption("metrics.loss");
    await page.waitForURL(/gy=metrics\.loss/);
    assert.ok(hashParts(page).includes("s=attributes.run_name:asc"));
    await page.close();
  });

  test("columns the experiment does not have fall back to the defaults; closing the panel drops it from the hash", async () => {
    const page = await open("Grid", "#g=1&gx=params.nope&gb=params.opt&gc=metrics.loss");
    await scatter(page).and(page.locator('[data-points="3"]')).waitFor();
    assert.equal(await scatter(page).getAttribute("data-x"), "params.lr");
    assert.equal(await bars(page).getAttribute("data-metric"), "metrics.loss", "the metric most top-level runs show");
    assert.equal(await page.locator("ul.explore-legend").count(), 0);
    await page.locator("details#runtree-explore summary").click();
    await page.waitForURL((url) => !url.hash.includes("g=1"));
    await page.close();
  });

  test("in a big experiment the charts take in the runs loaded after the first page", async () => {
    const page = await open("Many", "#g=1&gx=params.i&gy=metrics.loss");
    await scatter(page).and(page.locator(`[data-points="${MANY}"]`)).waitFor();
    await bars(page).and(page.locator('[data-bars="30"]')).waitFor();
    assert.equal(await bars(page).locator(".chart-note").textContent(), `The lowest 30 of ${MANY} top-level runs.`);
    const slices = site.requests.filter((url) => url.includes(`/${experimentDir("Many")}/runs-`));
    assert.ok(slices.length > 0, "the runs past the first page came from a slice");
    await page.close();
  });

  test("no page of the panel made a request beyond the site or hit the CSP", () => {
    assert.deepEqual(site.requests.filter((url) => !url.startsWith("file://")), []);
    assert.deepEqual(site.problems, []);
  });
});
