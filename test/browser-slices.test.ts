/**
 * A big experiment's page in a real browser: the first page comes from data.js alone, other runs load by
 * script tag from the report's own folder when a step needs them (another page, a tree to expand, a filter),
 * long lists of children show a first part and a row for more, and a report missing a slice says so and
 * keeps what it can. Fixture: 120 top-level runs, the first with 150 children, the last with 3, so data.js
 * holds the first page (250 runs) and runs-1.js the rest.
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded); skipped without it, except in CI (CI=true).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildReport } from "../src/report/build.js";
import { filesOf, id, removeTemps, tempDir, writeExperiment, type RunSpec } from "./report-fixtures.js";
import { browserSkip } from "./browser-site.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skip = browserSkip;

const WIDE = 1;
const LAST = 1119;

function runs(): RunSpec[] {
  const specs: RunSpec[] = [{ n: WIDE, name: "wide", start: 0 }];
  for (let c = 1; c <= 150; c++) specs.push({ n: WIDE + c, parent: WIDE, name: `wide-${c}`, start: c, params: { k: c === 150 ? "x" : "y" } });
  for (let r = 1000; r <= LAST; r++) specs.push({ n: r, name: `root-${r}`, start: r });
  for (let c = 1; c <= 3; c++) specs.push({ n: LAST + c, parent: LAST, name: `last-${c}`, start: 2000 + c, params: { k: c === 1 ? "x" : "y" } });
  return specs;
}

/** A second experiment: a parent whose children's cells are wider than anything its siblings show. */
const SIZED = 5000;
function sizedRuns(): RunSpec[] {
  const long = { lr: 0.000123456, optimizer: "adam-with-a-long-variant-name" };
  return [
    { n: SIZED, name: "p", start: 0 },
    { n: SIZED + 1, parent: SIZED, name: "a-child-run-with-a-much-longer-name", start: 1, params: long, metrics: { loss: [0.123456] } },
    { n: SIZED + 2, name: "q", start: 2 },
    { n: SIZED + 3, name: "r", start: 3, params: { lr: 1 }, metrics: { loss: [1] } },
  ];
}

describe("a big experiment in a browser", { skip }, () => {
  let browser: Browser;
  let site = "";
  let broken = "";
  let noData = "";
  const problems: string[] = [];
  const requests: string[] = [];

  before(async () => {
    const dir = tempDir("runtree-browser-slices-");
    writeExperiment(join(dir, "mlruns"), "big", runs());
    writeExperiment(join(dir, "mlruns"), "sized", sizedRuns());
    const script = join(dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    site = join(dir, "site");
    await buildReport({ store: join(dir, "mlruns"), out: site, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    assert.deepEqual(filesOf(site, "experiments/big").filter((f) => f.endsWith(".js")), ["experiments/big/data.js", "experiments/big/runs-1.js"]);
    broken = join(dir, "broken");
    cpSync(site, broken, { recursive: true });
    rmSync(join(broken, "experiments/big/runs-1.js"));
    noData = join(dir, "no-data");
    cpSync(site, noData, { recursive: true });
    rmSync(join(noData, "experiments/big/data.js"));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
  });

  after(async () => {
    await browser?.close();
    removeTemps();
  });

  async function open(root = site, ready = "#runtree-runs table.runs.interactive", init?: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    if (init !== undefined) await page.addInitScript(init);
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(root, "experiments/big/index.html")).href);
    await page.waitForSelector(ready);
    return page;
  }

  /**
   * Waits until no step is waiting for runs and the table has all its rows (it builds a screenful first),
   * then lists the rows as `name@depth` (a "more" row as `more`).
   */
  async function rows(page: Page): Promise<string[]> {
    await page.waitForSelector("#runtree-runs:not([aria-busy]) table.runs.interactive:not([data-filling])");
    return page.$$eval("#runtree-runs tbody tr", (trs) =>
      trs.map((tr) => (tr.classList.contains("more-row") ? "more" : `${tr.querySelector("td.name a")?.textContent ?? ""}@${tr.getAttribute("data-depth")}`)),
    );
  }

  test("the first page of top-level runs shows at once, a screenful first, and the rest of the runs load in the background", async () => {
    // Notes the rows the table has when it first appears, before any later task could add to it.
    const watch = `new MutationObserver((_, observer) => {
      const rows = document.querySelectorAll("#runtree-runs table.runs.interactive tbody tr");
      if (rows.length === 0) return;
      observer.disconnect();
      window.firstRows = Array.from(rows, (tr) => tr.querySelector("td.name a")?.textContent ?? "");
      // Where the last of them ends, against the window's height: a screenful reaches past the bottom.
      window.firstBottom = [rows[rows.length - 1].getBoundingClientRect().bottom, window.innerHeight];
    }).observe(document, { childList: true, subtree: true });`;
    const page = await open(site, "#runtree-runs table.runs.interactive", watch);
    const first = (await page.evaluate("window.firstRows")) as string[];
    assert.ok(first.length < 100, `${first.length} rows at first`);
    const [bottom, height] = (await page.evaluate("window.firstBottom")) as [number, number];
    assert.ok(bottom >= height, `the first ${first.length} rows end at ${bottom} px, above the window's bottom at ${height} px`);
    assert.deepEqual(first.slice(0, 2), ["wide", "root-1000"]);
    const shown = await rows(page);
    assert.equal(shown.length, 100);
    assert.deepEqual(shown.slice(0, 2), ["wide@0", "root-1000@0"]);
    await page.waitForSelector("#runtree-runs .load-status[hidden]", { state: "attached" });
    assert.equal(await page.locator(".match-count").textContent(), "274 runs");
    await page.close();
  });

  test("an open parent shows its first 100 children, then a row that shows more", async () => {
    const page = await open();
    await page.locator(`button[data-toggle="${id(WIDE)}"]`).click();
    let shown = await rows(page);
    assert.deepEqual(shown.slice(0, 3), ["wide@0", "wide-1@1", "wide-2@1"]);
    assert.deepEqual(shown.slice(100, 103), ["wide-100@1", "more", "root-1000@0"]);
    assert.match((await page.locator("tr.more-row").textContent()) ?? "", /Show 50 more 50 of 150 child runs of wide not shown/);
    await page.locator(`button[data-more="${id(WIDE)}"]`).click();
    shown = await rows(page);
    assert.deepEqual(shown.slice(150, 152), ["wide-150@1", "root-1000@0"]);
    assert.equal(await page.locator("tr.more-row").count(), 0);
    await page.close();
  });

  test("the last page's runs and their children come from the slice that holds them", async () => {
    const page = await open();
    await page.locator("nav.pager button[title='Last page']").click();
    assert.deepEqual((await rows(page)).slice(-2), ["root-1118@0", "root-1119@0"]);
    await page.locator(`button[data-toggle="${id(LAST)}"]`).click();
    assert.deepEqual((await rows(page)).slice(-4), ["root-1119@0", "last-1@1", "last-2@1", "last-3@1"]);
    assert.match(page.url(), /p=2/);
    await page.close();
  });

  test("a filter covers the runs of every slice, keeping each match under its open ancestors", async () => {
    const page = await open();
    const box = page.locator("#runtree-runs input[type=search]");
    await box.fill("params.k = 'x'");
    await box.press("Enter");
    assert.deepEqual(await rows(page), ["wide@0", "wide-150@1", "root-1119@0", "last-1@1"]);
    assert.equal(await page.locator(".match-count").textContent(), "2 of 274 runs match");
    await page.close();
  });

  test("a report missing a slice says which file, and still shows and opens the first page", async () => {
    const page = await open(broken);
    await page.locator(".load-status.failed").waitFor();
    assert.match((await page.locator(".load-status").textContent()) ?? "", /runs-1\.js could not be loaded/);
    assert.equal((await rows(page)).length, 100);
    await page.locator(`button[data-toggle="${id(WIDE)}"]`).click();
    assert.equal((await rows(page)).length, 201);
    // A filter needs every run: it is not applied, and the table is not left waiting.
    const box = page.locator("#runtree-runs input[type=search]");
    await box.fill("params.k = 'x'");
    await box.press("Enter");
    assert.equal((await rows(page)).length, 201);
    assert.equal(await page.locator(".match-count").textContent(), "274 runs");
    await page.close();
  });

  test("a page whose data.js is missing shows the server's table, as without scripting", async () => {
    const page = await open(noData, "#runtree-runs table.runs tbody tr");
    assert.equal(await page.locator("#runtree-runs table.runs.interactive").count(), 0);
    const shown = await page.$$eval("#runtree-runs tbody tr[data-run-id]", (trs) => trs.map((tr) => `${tr.getAttribute("data-run-id")}@${tr.getAttribute("data-depth")}`));
    // The first static page: 100 top-level runs, the first with the first 100 of its 150 children.
    assert.equal(shown.length, 200);
    assert.deepEqual(shown.slice(0, 2), [`${id(WIDE)}@0`, `${id(WIDE + 1)}@1`]);
    assert.match((await page.locator("#runtree-runs tr.more-row").textContent()) ?? "", /50 more runs under wide/);
    assert.equal(await page.locator("#runtree-runs nav.pager a[rel=next]").getAttribute("href"), "page-2.html");
    await page.close();
  });

  test("opening a parent leaves every column as wide as it was: a hidden row holds its children's widest cells", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(pathToFileURL(join(site, "experiments/sized/index.html")).href);
    await page.waitForSelector("#runtree-runs:not([aria-busy]) table.runs.interactive:not([data-filling])");
    const widths = () => page.$$eval("#runtree-runs thead tr:last-child th", (ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
    const closed = await widths();
    await page.locator(`#runtree-runs button[data-toggle="${id(SIZED)}"]`).click();
    await page.waitForSelector(`#runtree-runs tbody tr[data-parent-id="${id(SIZED)}"]`);
    assert.deepEqual(await widths(), closed);
    // The hidden row takes no room, and holds nothing to click, follow or find by a run's id.
    assert.equal(await page.$eval("#runtree-runs tfoot.sizer", (foot) => foot.getBoundingClientRect().height), 0);
    assert.equal(await page.locator("#runtree-runs tfoot.sizer :is([href], [data-toggle], [data-run-id], [title])").count(), 0);
    assert.equal(await page.locator("#runtree-runs tfoot.sizer").getAttribute("aria-hidden"), "true");
    await page.close();
  });

  test("nothing is requested outside file:// and no script error occurs", () => {
    assert.ok(requests.some((url) => url.endsWith("/runs-1.js")), "the slice was loaded");
    assert.deepEqual(requests.filter((url) => !url.startsWith("file://")), []);
    assert.deepEqual(problems, []);
  });
});
