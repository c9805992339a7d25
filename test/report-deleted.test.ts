/**
 * Deleted runs in the report: left out of the experiment's table, its browser data and its counts, listed on
 * the experiment's "deleted runs" page (MLflow's active / deleted switch), each with a run page that says
 * when it was deleted and along with which run.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { openStore } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import { experimentRuns, fakeAssets, filesOf, read, removeTemps, tempDir } from "./report-fixtures.js";
import { browserSkip } from "./browser-site.js";

after(removeTemps);

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skipBrowser = browserSkip;

/** The run ids of a page's runs-table rows, with whether each is marked deleted. */
function rows(html: string): Array<{ id: string; deleted: boolean }> {
  return [...html.matchAll(/<tr data-run-id="([0-9a-f]{32})"[^>]*>/g)].map((m) => ({ id: m[1]!, deleted: m[0].includes('data-deleted="true"') }));
}

async function storeWithDeletions() {
  const root = join(tempDir(), "mlruns");
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(root, { clock: () => (now += 1000), captureSource: false });
  const exp = store.experiment("tuning");
  const ids: Record<string, string> = {};
  await exp.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const [name, loss] of [["best-but-deleted", 0.1], ["kept", 0.3]] as const) {
      await sweep.child({ name }, (child) => {
        ids[name] = child.id;
        child.logMetric("loss", loss);
      });
    }
  });
  await exp.run({ name: "scratch" }, async (scratch) => {
    ids["scratch"] = scratch.id;
    await scratch.child({ name: "scratch-child" }, (child) => void (ids["scratch-child"] = child.id));
  });
  await store.deleteRun(ids["best-but-deleted"]!);
  await store.deleteRun(ids["scratch"]!);
  return { root, store, ids };
}

async function build(root: string, assets = fakeAssets(tempDir())): Promise<{ out: string; slug: string }> {
  const out = join(tempDir(), "out");
  await buildReport({ store: root, out, assets });
  const slug = filesOf(out).find((path) => path.endsWith("/data.js"))!.split("/")[1]!;
  return { out, slug };
}

describe("deleted runs in the report", () => {
  test("the experiment page, its data and the index leave deleted runs out and link to them", async () => {
    const { root, ids } = await storeWithDeletions();
    const { out, slug } = await build(root);
    const page = read(out, `experiments/${slug}/index.html`);
    assert.deepEqual(rows(page).map((row) => row.id).sort(), [ids["sweep"], ids["kept"]].sort());
    assert.match(page, /<p class="summary">2 runs, 1 top-level<\/p>/);
    assert.match(page, /<a href="deleted.html" data-action="show-deleted">Show deleted runs \(3\)<\/a>/);
    const { runs } = experimentRuns(out, slug);
    assert.deepEqual(Array.from({ length: runs.count }, (_, n) => runs.name(n)).sort(), ["kept", "sweep"]);
    const index = read(out, "index.html");
    assert.match(index, /<td class="num">2 <span class="deleted-count" title="deleted runs, not counted">\+3 deleted<\/span><\/td>/);

    const sweep = read(out, `runs/${ids["sweep"]}/index.html`);
    assert.deepEqual(rows(sweep).map((row) => row.id), [ids["kept"]], "the sweep's table lists its active children");
    assert.match(sweep, /<h3>Best child<\/h3>\n<p><a href="[^"]+">kept<\/a>/, "a deleted trial is out of the ranking");
  });

  test("the deleted runs page lists them nested, marked, with a way back; each has its page saying when and with what", async () => {
    const { root, ids } = await storeWithDeletions();
    const { out, slug } = await build(root);
    const page = read(out, `experiments/${slug}/deleted.html`);
    assert.match(page, /<body data-page="deleted">/);
    assert.match(page, /<a href="index.html" data-action="hide-deleted">Hide deleted runs<\/a> \(back to the 2 active runs\)/);
    assert.deepEqual(rows(page), [
      { id: ids["best-but-deleted"]!, deleted: true },
      { id: ids["scratch"]!, deleted: true },
      { id: ids["scratch-child"]!, deleted: true },
    ]);
    assert.match(page, new RegExp(`data-run-id="${ids["scratch-child"]}" data-parent-id="${ids["scratch"]}" data-depth="1"`));
    const child = read(out, `runs/${ids["scratch-child"]}/index.html`);
    assert.match(child, /<h1>scratch-child <span class="badge-deleted">deleted<\/span><\/h1>/);
    assert.match(child, /<dt>Deleted<\/dt><dd class="deleted"><time datetime="2026-01-01T00:00:\d\dZ">2026-01-01 00:00:\d\d UTC<\/time>, along with <a href="\.\.\/[0-9a-f]{32}\/index.html">scratch<\/a><\/dd>/);
    const trial = read(out, `runs/${ids["best-but-deleted"]}/index.html`);
    assert.match(trial, /<dt>Parent<\/dt><dd><a class="parent" href="[^"]+">sweep<\/a>/, "a deleted run's trail still leads to its active parent");
  });

  test("after a restore the rebuilt report shows the runs again and drops the deleted page", async () => {
    const { root, store, ids } = await storeWithDeletions();
    await store.restoreRun(ids["scratch"]!);
    await store.restoreRun(ids["best-but-deleted"]!);
    const { out, slug } = await build(root);
    assert.equal(existsSync(join(out, "experiments", slug, "deleted.html")), false);
    const page = read(out, `experiments/${slug}/index.html`);
    assert.doesNotMatch(page, /show-deleted/);
    assert.equal(rows(page).length, 5);
  });

  test("in a browser, the experiment page's link shows the deleted runs and the way back hides them", { skip: skipBrowser, timeout: 120_000 }, async () => {
    const { root, ids } = await storeWithDeletions();
    const script = join(tempDir(), "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    const { out, slug } = await build(root, { script, style: join(ROOT, "templates/assets/report.css") });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(pathToFileURL(join(out, "experiments", slug, "index.html")).href);
      await page.locator("#runtree-runs tr[data-run-id]").first().waitFor();
      assert.equal(await page.locator(`#runtree-runs tr[data-run-id="${ids["scratch"]}"]`).count(), 0);
      await page.click("[data-action=show-deleted]");
      await page.waitForURL(/deleted\.html$/);
      assert.equal(await page.locator('tr[data-deleted="true"]').count(), 3);
      await page.click("[data-action=hide-deleted]");
      await page.waitForURL(/index\.html$/);
      await page.locator("#runtree-runs tr[data-run-id]").first().waitFor();
      assert.equal(await page.locator("tr[data-deleted]").count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
