/**
 * Parents show their result, in a real browser: on the experiment page (the script's table, and the
 * static one without JavaScript) and in a run page's children table, a parent's row shows its best
 * child's value in its objective's column, marked as the child's with its name on hover, and its children
 * per status; sorting by that column orders parents by that value.
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

/**
 * "Tuning": sweep-a (objective loss, min; children 0.4, 0.2 and a failed one), sweep-b (declares none:
 * `--objective loss:min` applies; children 0.05 and 0.3, one still running with its own child), and
 * "plain", which logged loss 0.1 itself.
 */
async function write(dir: string): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false });
  const exp = store.experiment("Tuning");
  await exp.run({ name: "sweep-a", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["sweep-a"] = sweep.id;
    for (const [name, loss] of [["a-1", 0.4], ["a-2", 0.2]] as const) {
      await sweep.child({ name }, (child) => {
        ids[name] = child.id;
        child.logMetric("loss", loss);
      });
    }
    const failed = exp.startRun({ name: "a-3", parent: sweep.id });
    ids["a-3"] = failed.id;
    await failed.end("FAILED");
  });
  await exp.run({ name: "sweep-b" }, async (sweep) => {
    ids["sweep-b"] = sweep.id;
    await sweep.child({ name: "b-1" }, (child) => child.logMetric("loss", 0.05));
    const running = exp.startRun({ name: "b-2", parent: sweep.id });
    ids["b-2"] = running.id;
    running.logMetric("loss", 0.3);
    const grandchild = exp.startRun({ name: "b-2-eval", parent: running.id });
    await grandchild.end();
    await running.flush();
  });
  await exp.run({ name: "plain" }, (run) => {
    ids["plain"] = run.id;
    run.logMetric("loss", 0.1);
  });
}

function id(name: string): string {
  const value = ids[name];
  assert.ok(value, `no run named ${name}`);
  return value;
}

describe("a parent's row shows its result", { skip: browserSkip }, () => {
  let site: BrowserSite;
  const experiment = `experiments/${experimentDir("Tuning")}/index.html`;

  before(async () => {
    site = await buildBrowserSite(write, { objective: { metric: "loss", goal: "min" } });
  });
  after(async () => site?.close());

  async function openTable(hash = ""): Promise<Page> {
    const page = await site.open(`${experiment}${hash}`);
    await page.waitForSelector("#runtree-runs table.runs.interactive");
    return page;
  }

  const lossCell = (page: Page, name: string) => page.locator(`tr[data-run-id="${id(name)}"] td.metric`).first();

  test("in the experiment's table a parent shows its best child's value, marked as the child's, with its name on hover", async () => {
    const page = await openTable("#c=metrics.loss");
    const cell = lossCell(page, "sweep-a");
    assert.match((await cell.textContent()) ?? "", /^0\.2★/);
    assert.match((await cell.getAttribute("class")) ?? "", /\bfrom-best\b/);
    assert.match((await cell.getAttribute("title")) ?? "", /best child by min loss: a-2 \(0\.2\)/);
    // By --objective: sweep-b declares none.
    assert.equal(await lossCell(page, "sweep-b").getAttribute("data-best-child"), "b-1");
    // A run's own value is not marked.
    assert.equal(await lossCell(page, "plain").textContent(), "0.1");
    assert.doesNotMatch((await lossCell(page, "plain").getAttribute("class")) ?? "", /from-best/);
    await page.close();
  });

  test("a parent's status cell counts its children per status", async () => {
    const page = await openTable();
    const counts = (name: string) => page.locator(`tr[data-run-id="${id(name)}"] td.status-cell .child-statuses`);
    assert.equal(await counts("sweep-a").getAttribute("title"), "children: 2 FINISHED, 1 FAILED");
    assert.deepEqual(await counts("sweep-a").locator(".child-status").allTextContents(), ["2", "1"]);
    assert.equal(await counts("sweep-b").getAttribute("title"), "children: 1 RUNNING, 1 FINISHED");
    assert.equal(await counts("plain").count(), 0);
    await page.close();
  });

  test("sorting by the objective's column orders parents by their best child's value", async () => {
    const page = await openTable("#c=metrics.loss");
    const roots = () => page.$$eval(`#runtree-runs tbody tr[data-depth="0"]`, (trs) => trs.map((tr) => tr.getAttribute("data-run-id")));
    await page.locator(`#runtree-runs button[data-sort="metrics.loss"]`).click();
    assert.deepEqual(await roots(), [id("sweep-b"), id("plain"), id("sweep-a")]);
    await page.locator(`#runtree-runs button[data-sort="metrics.loss"]`).click();
    assert.deepEqual(await roots(), [id("sweep-a"), id("plain"), id("sweep-b")]);
    await page.close();
  });

  test("a run page's children table and the page without JavaScript show the same", async () => {
    const page = await site.open(`runs/${id("sweep-b")}/index.html`);
    const running = page.locator(`table.runs tr[data-run-id="${id("b-2")}"] .child-statuses`);
    assert.equal(await running.getAttribute("title"), "children: 1 FINISHED");
    await page.close();
    const noScript = await site.browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await noScript.newPage();
      await plain.goto(site.url(experiment));
      const cell = plain.locator(`tr[data-run-id="${id("sweep-a")}"] td.from-best`);
      assert.match((await cell.getAttribute("title")) ?? "", /a-2/);
      assert.match((await cell.textContent()) ?? "", /^0\.2★/);
      assert.equal(await plain.locator(`tr[data-run-id="${id("sweep-a")}"] .child-statuses`).getAttribute("title"), "children: 2 FINISHED, 1 FAILED");
    } finally {
      await noScript.close();
    }
  });

  test("no script error, CSP violation or request outside file://", () => {
    assert.deepEqual(site.problems, []);
    assert.deepEqual(site.requests.filter((url) => !url.startsWith("file://")), []);
  });
});
