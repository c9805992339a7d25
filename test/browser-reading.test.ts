/**
 * The report reads better for a new user, in headless Chromium from file://: a filter that does not parse
 * marks the rows it leaves as another filter's, the filter box's example uses the experiment's own keys,
 * a wide table scrolls sideways with the run's name pinned, and an objective spanning decades gets a log
 * axis in the parallel coordinates.
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded). Without it the suite is skipped with a reason,
 * except in CI (CI=true), where a missing browser is a failure.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { openStore } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import { parseFilter } from "../src/search/index.js";
import { openWatched } from "./browser-page.js";
import { browserSkip } from "./browser-site.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skip = browserSkip;

/** "wide": a sweep whose trials have 12 params and 8 metrics, and whose loss spans four decades; "narrow": one whose loss does not. */
async function writeStore(dir: string): Promise<Record<string, string>> {
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false });
  const ids: Record<string, string> = {};
  await store.experiment("wide").run({ name: "sweep", objective: { metric: "val loss", goal: "min" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (let i = 0; i < 5; i++) {
      const params = Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`setting_${String(k).padStart(2, "0")}`, `value ${i}-${k}`]));
      await sweep.child({ name: `trial-${i}`, params: { ...params, "batch size": 2 ** (i + 4) } }, (trial) => {
        ids[`trial-${i}`] = trial.id;
        trial.logMetrics(Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`score_${k}`, k + i])));
        trial.logMetric("val loss", 10 ** -i); // 1 … 0.0001
      });
    }
  });
  await store.experiment("narrow").run({ name: "small sweep", objective: { metric: "acc", goal: "max" } }, async (sweep) => {
    ids["small sweep"] = sweep.id;
    for (const [i, acc] of [0.5, 0.7, 0.9].entries()) {
      await sweep.child({ name: `n-${i}`, params: { lr: 0.1 * (i + 1) } }, (trial) => trial.logMetric("acc", acc));
    }
  });
  return ids;
}

describe("the report reads better", { skip }, () => {
  let dir = "";
  let site = "";
  let ids: Record<string, string> = {};
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `CI=true but there is no browser at ${CHROMIUM}`);
    dir = mkdtempSync(join(tmpdir(), "runtree-reading-"));
    ids = await writeStore(join(dir, "mlruns"));
    // Bundle the current client source, so the test never runs a stale dist/ build.
    const script = join(dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    site = join(dir, "site");
    await buildReport({ store: join(dir, "mlruns"), out: site, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
    context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(problems, []);
  });

  async function experiment(name: string, hash = ""): Promise<Page> {
    const home = await openWatched(context, pathToFileURL(join(site, "index.html")).href, problems);
    const href = await home.locator("table.experiments a", { hasText: name }).getAttribute("href");
    assert.ok(href);
    const page = await openWatched(context, `${new URL(href, home.url()).href}${hash}`, problems);
    await home.close();
    await page.waitForSelector("#runtree-runs table.runs.interactive");
    return page;
  }

  async function runPage(name: string): Promise<Page> {
    return openWatched(context, pathToFileURL(join(site, "runs", ids[name]!, "index.html")).href, problems);
  }

  async function applyFilter(page: Page, text: string): Promise<void> {
    const box = page.locator("#runtree-runs input[type=search]");
    await box.fill(text);
    await box.press("Enter");
  }

  test("after a filter that does not parse, the rows left are marked as the last good filter's, until one parses", async () => {
    const page = await experiment("wide");
    await page.locator("#runtree-runs button[data-toggle]").click();
    await applyFilter(page, "params.setting_00 = 'value 1-0'");
    await page.waitForSelector("#runtree-runs tbody tr.match");
    const table = page.locator("#runtree-runs table.runs");
    const stale = page.locator("#runtree-runs .filter-stale");
    assert.equal(await table.getAttribute("data-stale"), null);
    assert.equal(await stale.isVisible(), false);

    await applyFilter(page, "params.batch size = 32");
    await page.waitForSelector("#runtree-runs .filter-error:not([hidden])");
    assert.equal(await table.getAttribute("data-stale"), "");
    assert.equal(await stale.textContent(), "The table below still shows the runs of the last filter that parsed: params.setting_00 = 'value 1-0'");
    assert.equal(await page.locator("#runtree-runs .filter-hint").textContent(), "a key with spaces goes in backticks: params.`batch size`");
    const opacity = await page.evaluate(`getComputedStyle(document.querySelector("#runtree-runs tbody")).opacity`);
    assert.ok(Number(opacity) < 1, "the rows look stale");

    await applyFilter(page, "params.`batch size` = 32");
    await page.locator("#runtree-runs table.runs:not([data-stale])").waitFor();
    assert.equal(await stale.isVisible(), false);
    assert.equal(await page.locator("#runtree-runs tbody tr.match").count(), 1);
    await page.close();
  });

  test("a shared link whose filter does not parse shows every run, and says so", async () => {
    const page = await experiment("wide", `#f=${encodeURIComponent("metrics.score_0 <")}`);
    await page.waitForSelector("#runtree-runs .filter-stale:not([hidden])");
    assert.equal(await page.locator("#runtree-runs .filter-stale").textContent(), "The table below shows every run: no filter applies until this one parses.");
    assert.equal(await page.locator("#runtree-runs table.runs").getAttribute("data-stale"), "");
    await page.close();
  });

  test("the filter box's example is written with the experiment's own keys, and works as a filter", async () => {
    const wide = await experiment("wide");
    const example = (await wide.locator("#runtree-runs input[type=search]").getAttribute("placeholder")) ?? "";
    assert.equal(example, "metrics.score_0 < 1 and params.`batch size` = 16");
    assert.doesNotThrow(() => parseFilter(example));
    await applyFilter(wide, example);
    await wide.waitForSelector("#runtree-runs tbody tr.match");
    assert.deepEqual(await wide.$$eval("#runtree-runs tbody tr.match", (rows) => rows.map((row) => row.getAttribute("data-run-id"))), [ids["trial-0"]]);
    await wide.close();
    const narrow = await experiment("narrow");
    assert.equal(await narrow.locator("#runtree-runs input[type=search]").getAttribute("placeholder"), "metrics.acc < 0.51 and params.lr = 0.1");
    await narrow.close();
  });

  test("a wide runs table scrolls sideways to its last column, with the run's name pinned at the left", async () => {
    const page = await experiment("wide");
    await page.locator("#runtree-runs button[data-toggle]").click();
    await page.locator("#runtree-runs details.column-chooser summary").click();
    const unchecked = page.locator("#runtree-runs .column-panel input[type=checkbox]:not(:checked)");
    while ((await unchecked.count()) > 0) await unchecked.first().check();
    await page.keyboard.press("Escape");
    await assertPinned(page, "#runtree-runs .runs-scroll", "tbody tr[data-depth='1']");
    await page.close();
  });

  test("the sweep page's children table (the server's markup, with the script's boxes) does the same", async () => {
    const page = await runPage("sweep");
    await page.locator("#runtree-children td.select input[data-select-run]").first().waitFor();
    await assertPinned(page, ".table-wrap:has(table.runs)", "tbody tr");
    await page.close();
  });

  test("without scripting the boxes are not shown and the name is pinned at the very left", async () => {
    const plain = await browser.newContext({ viewport: { width: 900, height: 800 }, javaScriptEnabled: false });
    try {
      const page = await openWatched(plain, pathToFileURL(join(site, "runs", ids["sweep"]!, "index.html")).href, problems);
      assert.equal(await page.locator("#runtree-children td.select").first().isVisible(), false);
      await assertPinned(page, ".table-wrap:has(table.runs)", "tbody tr");
    } finally {
      await plain.close();
    }
  });

  /**
   * Scrolled to its end, the box shows its last column whole; the selection box (when shown) still sits at
   * its left edge and the name cell right after it, both drawn over the cells scrolled under them.
   */
  async function assertPinned(page: Page, box: string, row: string): Promise<void> {
    const scroller = page.locator(box).first();
    const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    assert.ok(scrollWidth > clientWidth * 1.5, `the table is wider than its box (${scrollWidth} > ${clientWidth})`);
    await scroller.scrollIntoViewIfNeeded();
    await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    // A box with content-visibility: auto (the children table) is laid out and hit-tested only from the first
    // frame after it comes on screen, as for a person, who cannot click before that frame either. A screenshot
    // waits for a new frame, also on a page without scripting (where no animation-frame callback runs).
    await page.screenshot({ clip: { x: 0, y: 0, width: 1, height: 1 } });
    // In the page's own terms (the tests' TypeScript has no DOM types): the box, its last header cell and the pinned cells.
    const placed = (await page.evaluate(`(() => {
      const box = document.querySelector(${JSON.stringify(box)});
      const edge = box.getBoundingClientRect();
      const last = [...box.querySelectorAll("thead tr:last-child th")].at(-1).getBoundingClientRect();
      const row = box.querySelector(${JSON.stringify(row)});
      const pinned = (cell) => {
        if (!cell || cell.getClientRects().length === 0) return null;
        const rect = cell.getBoundingClientRect();
        const hit = document.elementFromPoint(rect.left + 4, rect.top + rect.height / 2);
        return { left: rect.left, right: rect.right, onTop: hit !== null && cell.contains(hit), hit: hit && hit.outerHTML.slice(0, 80) };
      };
      return { boxLeft: edge.left, boxRight: edge.right, lastRight: last.right, select: pinned(row.querySelector("td.select")), name: pinned(row.querySelector("td.name")) };
    })()`)) as {
      boxLeft: number;
      boxRight: number;
      lastRight: number;
      select: { left: number; right: number; onTop: boolean } | null;
      name: { left: number; right: number; onTop: boolean } | null;
    };
    const seen = JSON.stringify(placed);
    assert.ok(Math.abs(placed.lastRight - placed.boxRight) < 2, `the last column is reachable: ${seen}`);
    assert.ok(placed.name, `a name cell: ${seen}`);
    const nameAt = placed.select ? placed.select.right : placed.boxLeft;
    if (placed.select) {
      assert.ok(Math.abs(placed.select.left - placed.boxLeft) < 1, `the box stays at the left edge: ${seen}`);
      assert.ok(placed.select.onTop, `the box is drawn over the cells scrolled under it: ${seen}`);
    }
    assert.ok(Math.abs(placed.name.left - nameAt) < 1, `the name stays at the left: ${seen}`);
    assert.ok(placed.name.onTop, `the name is drawn over the cells scrolled under it: ${seen}`);
  }

  test("the objective axis is logarithmic when the objective spans two decades or more, and linear otherwise", async () => {
    const page = await runPage("sweep");
    const axis = page.locator("#runtree-sweep svg.parallel g.pc-axis[data-objective]");
    await axis.waitFor();
    assert.equal(await axis.getAttribute("data-scale"), "log");
    assert.equal(await axis.locator("text.axis-label title").textContent(), "val loss (min, log)");
    // The two best trials (0.001 and 0.0001) are far apart; on a linear axis they would share a pixel.
    const y = async (name: string) => {
      const d = (await page.locator(`#runtree-sweep svg.parallel a[data-run-id="${ids[name]}"] path`).getAttribute("d")) ?? "";
      return Number(d.trim().split(/\s+/).at(-1));
    };
    assert.ok(Math.abs((await y("trial-4")) - (await y("trial-3"))) > 40, "a decade apart is a quarter of the axis apart");
    await page.close();
    const small = await runPage("small sweep");
    const linear = small.locator("#runtree-sweep svg.parallel g.pc-axis[data-objective]");
    await linear.waitFor();
    assert.equal(await linear.getAttribute("data-scale"), "linear");
    await small.close();
  });
});
