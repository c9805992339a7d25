/**
 * `report --watch` end to end: the installed command (bin/report.js, built dist/) watches a store while a
 * sweep is running; an experiment page and a running child's page are open in headless Chromium from
 * file://, each with a view in its URL hash (filter, sort, an open row; a chart zoom), and a compare page of
 * two of its runs. Through the library
 * the test then starts a new child and logs new points to the running one: both pages show them by
 * themselves (no reload: a mark left on `window` survives), the hash and the view it describes are kept,
 * and no page ever leaves file://. A page of a build without --watch never polls.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { openStore, type Run } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import { openWatched } from "./browser-page.js";
import { browserSkip } from "./browser-site.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skip = browserSkip;
/** Long enough for a rebuild and a page's refresh on a loaded machine; the feature's own bound is 3 s. */
const WAIT = { timeout: 30_000 };

describe("report --watch with pages open", { skip, timeout: 120_000 }, () => {
  let dir = "";
  let browser: Browser;
  let context: BrowserContext;
  let watcher: ChildProcessWithoutNullStreams | null = null;
  let output = "";
  const requests: string[] = [];
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `CI=true but there is no browser at ${CHROMIUM}`);
    assert.ok(existsSync(join(ROOT, "dist/assets/report.js")), "dist/ is built (npm run build)");
    dir = mkdtempSync(join(tmpdir(), "runtree-watch-"));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on("request", (request) => requests.push(request.url()));
  });

  after(async () => {
    if (watcher && watcher.exitCode === null) watcher.kill("SIGKILL");
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `report <store> <out> --watch` and waits until it watches. */
  async function startWatch(store: string, out: string): Promise<ChildProcessWithoutNullStreams> {
    const child = spawn(process.execPath, [join(ROOT, "bin/report.js"), store, out, "--watch"], { stdio: "pipe" });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const end = Date.now() + 60_000;
    while (!output.includes("report: watching ")) {
      assert.ok(child.exitCode === null && Date.now() < end, `report --watch did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return child;
  }

  const mark = (page: Page) => page.evaluate(() => ((globalThis as unknown as { mark: string }).mark = "not reloaded"));
  const marked = (page: Page) => page.evaluate(() => (globalThis as unknown as { mark?: string }).mark);

  test("new children and new points show on open pages, with their view kept", async () => {
    const store = join(dir, "mlruns");
    const out = join(dir, "site");
    const exp = openStore(store, { captureSource: false, fsync: false }).experiment("live");
    const sweep = exp.startRun({ name: "sweep", objective: { metric: "loss", goal: "min" } });
    const running: Run = exp.startRun({ name: "trial-live", parent: sweep.id, params: { lr: 0.1 } });
    for (let step = 0; step < 10; step++) running.logMetric("loss", 1 - step / 20, { step });
    const done = exp.startRun({ name: "trial-done", parent: sweep.id, params: { lr: 0.2 } });
    for (let step = 0; step < 10; step++) done.logMetric("loss", 2 - step / 20, { step });
    await done.end();
    watcher = await startWatch(store, out);

    const experimentHash = `#f=${encodeURIComponent("params.lr > 0")}&s=metrics.loss:desc&x=${sweep.id}`;
    const experimentUrl = pathToFileURL(join(out, "experiments", "live", "index.html")).href + experimentHash;
    const runUrl = pathToFileURL(join(out, "runs", running.id, "index.html")).href + "#z=2~7";
    const expPage = await openWatched(context, experimentUrl, problems);
    const runPage = await openWatched(context, runUrl, problems);
    const compareHash = `#runs=${running.id},${done.id}`;
    const comparePage = await openWatched(context, pathToFileURL(join(out, "compare.html")).href + compareHash, problems);
    const lastLoss = comparePage.locator('#runtree-compare tr[data-metric-key="loss"][data-stat="last"] td').first();
    await expPage.locator(`#runtree-runs tr[data-run-id="${running.id}"]`).waitFor(WAIT);
    const chart = runPage.locator('figure.metric-chart[data-metric="loss"][data-state="ready"][data-zoom="2~7"]');
    await chart.waitFor(WAIT);
    const points = runPage.locator("table.metrics tbody tr:has(th:text-is('loss')) td").nth(4);
    assert.equal(await points.textContent(), "10");
    assert.equal(await expPage.locator(`#runtree-runs tr[data-run-id]`).count(), 3, "the sweep, open, with its two trials");
    await comparePage.locator('#runtree-compare[data-state="ready"]').waitFor(WAIT);
    assert.equal(await lastLoss.textContent(), "0.55");
    await mark(expPage);
    await mark(runPage);
    // A filter being typed (not applied yet) survives a refresh too.
    await expPage.locator("#runtree-runs input[type=search]").fill("params.lr > 0.25");

    const added = exp.startRun({ name: "trial-new", parent: sweep.id, params: { lr: 0.3 } });
    added.logMetric("loss", 3, { step: 0 });
    for (let step = 10; step < 15; step++) running.logMetric("loss", 0.25, { step });

    await expPage.locator(`#runtree-runs tr[data-run-id="${added.id}"]`).waitFor(WAIT);
    await runPage.locator("table.metrics tbody tr:has(th:text-is('loss')) td:nth-child(6):text-is('15')").waitFor(WAIT);
    assert.equal(await marked(expPage), "not reloaded");
    assert.equal(await marked(runPage), "not reloaded");
    // The compare page follows the runs it shows.
    await comparePage.locator('#runtree-compare tr[data-metric-key="loss"][data-stat="last"] td:text-is("0.25")').first().waitFor(WAIT);
    assert.equal(new URL(comparePage.url()).hash, compareHash);
    // The views the hashes describe are still up: the filter, the sort, the open sweep, the zoom.
    assert.equal(new URL(expPage.url()).hash, experimentHash);
    assert.equal(new URL(runPage.url()).hash, "#z=2~7");
    assert.equal(await expPage.locator("#runtree-runs input[type=search]").inputValue(), "params.lr > 0.25", "the text being typed");
    assert.equal(await expPage.locator(`th:has(button[data-sort="metrics.loss"])`).getAttribute("aria-sort"), "descending");
    assert.equal(await expPage.locator(`#runtree-runs button[data-toggle="${sweep.id}"]`).getAttribute("aria-expanded"), "true");
    const order = await expPage.$$eval("#runtree-runs tbody tr[data-run-id]", (rows) => rows.map((row) => row.getAttribute("data-run-id")));
    assert.deepEqual(order, [sweep.id, added.id, done.id, running.id], "children sorted by loss, descending");
    await chart.waitFor(WAIT);
    // The running child is still shown as running.
    assert.match((await runPage.locator("main .status").first().textContent()) ?? "", /running/i);

    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((url) => !url.startsWith("file://")), [], "no page left file://");
    assert.ok(requests.some((url) => /\/version\.js\?/.test(url)), "the pages polled version.js");

    watcher.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => watcher!.once("exit", resolve));
    assert.equal(code, 0, output);
    assert.match(output, /report: \d\d:\d\d:\d\d rebuilt in [\d.]+ s: \d+ file\(s\) written/);
    assert.match(output, /report: stopped \(SIGINT\)/);
    // Ctrl-C left a complete report: the next build (by the same, installed code) trusts it and has
    // nothing to write.
    const installed = (await import(pathToFileURL(join(ROOT, "dist/report/build.js")).href)) as { buildReport: typeof buildReport };
    const next = await installed.buildReport({ store, out, live: true });
    assert.equal(next.incremental, true);
    assert.equal(next.written, 0);
    await expPage.close();
    await runPage.close();
    await comparePage.close();
    await added.end();
    await running.end();
    await sweep.end();
  });

  test("a page of a build without --watch never polls", async () => {
    const store = join(dir, "plain-store");
    const out = join(dir, "plain-site");
    const exp = openStore(store, { captureSource: false, fsync: false }).experiment("plain");
    const run = exp.startRun({ name: "only" });
    run.logMetric("loss", 1, { step: 0 });
    run.logMetric("loss", 0.5, { step: 1 });
    await run.end();
    await buildReport({ store, out });
    assert.equal(existsSync(join(out, "version.js")), false);
    const seen = requests.length;
    const page = await openWatched(context, pathToFileURL(join(out, "runs", run.id, "index.html")).href, problems);
    await page.locator('figure.metric-chart[data-metric="loss"][data-state="ready"]').waitFor(WAIT);
    assert.equal(await page.locator("body[data-live]").count(), 0);
    assert.ok(!readFileSync(join(out, "runs", run.id, "index.html"), "utf8").includes("version.js"));
    // Three of a live page's polling periods go by: still nothing but the page's own files is asked for.
    await page.waitForTimeout(3_000);
    assert.deepEqual(
      requests.slice(seen).filter((url) => url.includes("/plain-site/") && /version\.js|\.live\.js/.test(url)),
      [],
    );
    assert.deepEqual(problems, []);
  });
});
