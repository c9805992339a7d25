/**
 * The report in a real browser: a store written through the library, built into a site, opened from
 * file:// in headless Chromium. Checks the behaviour users rely on (nesting, filter, sort, a shared view,
 * charts) and that no page asks for anything outside file://.
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
import { openWatched } from "./browser-page.js";
import { browserSkip } from "./browser-site.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skip = browserSkip;

interface Fixture {
  readonly out: string;
  readonly ids: Readonly<Record<string, string>>;
  readonly experimentUrl: string;
}

/** sweep (objective loss, min) → trial-a/b/c → eval-a/b/c; and a root run with a hostile name. */
async function writeStore(dir: string): Promise<Record<string, string>> {
  let now = Date.UTC(2025, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false });
  const exp = store.experiment("Browser test");
  const ids: Record<string, string> = {};
  const finals = { a: { lr: 0.1, opt: "sgd", loss: 0.3, evalLoss: 0.3 }, b: { lr: 0.01, opt: "adam", loss: 0.1, evalLoss: 0.02 }, c: { lr: 0.001, opt: "adam", loss: 0.2, evalLoss: 0.5 } };
  await exp.run({ name: "sweep", objective: { metric: "loss", goal: "min" }, params: { dataset: "mnist" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const [key, trial] of Object.entries(finals)) {
      await sweep.child({ name: `trial-${key}`, params: { lr: trial.lr, opt: trial.opt } }, async (run) => {
        ids[`trial-${key}`] = run.id;
        for (let step = 0; step < 10; step++) {
          const decay = Math.exp(-step / 3);
          run.logMetrics({ loss: trial.loss + (1 - trial.loss) * decay, acc: 1 - trial.loss - decay / 2 }, { step });
        }
        await run.child({ name: `eval-${key}` }, (evaluation) => {
          ids[`eval-${key}`] = evaluation.id;
          evaluation.logMetric("eval_loss", trial.evalLoss);
        });
      });
    }
  });
  await exp.run({ name: "baseline <img src=x>" }, (run) => {
    ids["baseline"] = run.id;
    run.logMetric("loss", 0.7);
  });
  // A sweep nobody declared an objective for (sorted after "Browser test", so it is not the first experiment).
  const plain = store.experiment("Undeclared sweep");
  const trials = [
    { lr: 0.001, acc: 0.5, loss: 0.4 },
    { lr: 0.01, acc: 0.9, loss: 0.2 },
    { lr: 0.1, acc: 0.7, loss: 0.3 },
  ];
  await plain.run({ name: "plain" }, async (parent) => {
    ids["plain"] = parent.id;
    for (const [i, trial] of trials.entries()) {
      await parent.child({ name: `plain-${i + 1}`, params: { lr: trial.lr } }, (run) => {
        ids[`plain-${i + 1}`] = run.id;
        for (let step = 0; step < 3; step++) run.logMetrics({ acc: trial.acc - (2 - step) * 0.1, loss: trial.loss + (2 - step) * 0.1 }, { step });
      });
    }
  });
  return ids;
}

describe("the report in a browser", { skip }, () => {
  let dir = "";
  let fixture: Fixture;
  let browser: Browser;
  let context: BrowserContext;
  const requests: string[] = [];
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `CI=true but there is no browser at ${CHROMIUM}`);
    dir = mkdtempSync(join(tmpdir(), "runtree-browser-"));
    const ids = await writeStore(join(dir, "mlruns"));
    // Bundle the current client source, so the test never runs a stale dist/ build.
    const script = join(dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    const out = join(dir, "site");
    await buildReport({ store: join(dir, "mlruns"), out, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    const page = join(out, "index.html");
    assert.ok(existsSync(page));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on("request", (request) => requests.push(request.url()));
    fixture = { out, ids, experimentUrl: "" };
    const home = await open(pathToFileURL(page).href);
    const href = await home.locator("table.experiments a").first().getAttribute("href");
    assert.ok(href);
    fixture = { ...fixture, experimentUrl: new URL(href, home.url()).href };
    await home.close();
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A new page that reports script errors and CSP violations (as console errors) into `problems`. */
  function open(url: string): Promise<Page> {
    return openWatched(context, url, problems);
  }

  async function openExperiment(hash = ""): Promise<Page> {
    const page = await open(`${fixture.experimentUrl}${hash}`);
    await page.waitForSelector("#runtree-runs table.runs.interactive");
    return page;
  }

  function id(name: string): string {
    const value = fixture.ids[name];
    assert.ok(value, `no run named ${name} in the fixture`);
    return value;
  }

  /** The table's rows as `name@depth`, in order; the name is the run's fixture key. */
  async function rows(page: Page): Promise<string[]> {
    const byId = new Map(Object.entries(fixture.ids).map(([name, runId]) => [runId, name]));
    const found = await page.$$eval("#runtree-runs tbody tr", (trs) =>
      trs.map((tr) => [tr.getAttribute("data-run-id") ?? "", tr.getAttribute("data-depth") ?? ""] as const),
    );
    return found.map(([runId, depth]) => `${byId.get(runId) ?? runId}@${depth}`);
  }

  function toggle(page: Page, name: string): ReturnType<Page["locator"]> {
    return page.locator(`#runtree-runs button[data-toggle="${id(name)}"]`);
  }

  async function applyFilter(page: Page, text: string): Promise<void> {
    const box = page.locator("#runtree-runs input[type=search]");
    await box.fill(text);
    await box.press("Enter");
  }

  test("the experiment page starts with its top-level runs, collapsed", async () => {
    const page = await openExperiment();
    assert.deepEqual(await rows(page), ["sweep@0", "baseline@0"]);
    assert.equal(await toggle(page, "sweep").getAttribute("aria-expanded"), "false");
    assert.equal(await page.locator(".match-count").textContent(), "8 runs");
    await page.close();
  });

  test("expanding a parent shows its children right under it, one level deeper", async () => {
    const page = await openExperiment();
    await toggle(page, "sweep").click();
    assert.deepEqual(await rows(page), ["sweep@0", "trial-a@1", "trial-b@1", "trial-c@1", "baseline@0"]);
    assert.equal(await toggle(page, "sweep").getAttribute("aria-expanded"), "true");
    const parents = await page.$$eval(`#runtree-runs tr[data-depth="1"]`, (trs) => trs.map((tr) => tr.getAttribute("data-parent-id")));
    assert.deepEqual(parents, [id("sweep"), id("sweep"), id("sweep")]);
    await toggle(page, "trial-b").click();
    assert.deepEqual(await rows(page), ["sweep@0", "trial-a@1", "trial-b@1", "eval-b@2", "trial-c@1", "baseline@0"]);
    assert.match(page.url(), new RegExp(`#x=.*${id("trial-b")}`));
    await page.close();
  });

  test("a filter that matches a grandchild keeps its ancestors visible and open", async () => {
    const page = await openExperiment();
    await applyFilter(page, "metrics.eval_loss < 0.05");
    assert.deepEqual(await rows(page), ["sweep@0", "trial-b@1", "eval-b@2"]);
    assert.equal(await page.locator(".match-count").textContent(), "1 of 8 runs match");
    assert.equal(await page.locator(`tr[data-run-id="${id("eval-b")}"]`).getAttribute("class"), "match");
    assert.equal(await page.locator(`tr[data-run-id="${id("sweep")}"]`).getAttribute("class"), "context");
    await page.close();
  });

  test("a filter that matches a parent keeps its children", async () => {
    const page = await openExperiment();
    await applyFilter(page, "attributes.run_name = 'sweep'");
    assert.deepEqual(await rows(page), ["sweep@0"]);
    await toggle(page, "sweep").click();
    await toggle(page, "trial-a").click();
    assert.deepEqual(await rows(page), ["sweep@0", "trial-a@1", "eval-a@2", "trial-b@1", "trial-c@1"]);
    await page.close();
  });

  test("a filter that does not parse is reported next to the box and the table keeps its last good state", async () => {
    const page = await openExperiment();
    await applyFilter(page, "attributes.run_name = 'sweep'");
    const before = await rows(page);
    const url = page.url();
    await applyFilter(page, "metrics.loss <");
    const error = page.locator("#runtree-runs .filter-error");
    assert.equal(await error.isVisible(), true);
    const message = (await error.textContent()) ?? "";
    assert.match(message, /Expected .* at position 14/);
    assert.match(message, /\n {14}\^/);
    assert.equal(await page.locator("#runtree-runs input[type=search]").getAttribute("aria-invalid"), "true");
    assert.deepEqual(await rows(page), before);
    assert.equal(page.url(), url);
    await applyFilter(page, "");
    assert.equal(await error.isVisible(), false);
    assert.deepEqual(await rows(page), ["sweep@0", "baseline@0"]);
    await page.close();
  });

  test("sorting by a metric orders siblings within their parent: ascending, descending, then off", async () => {
    const page = await openExperiment();
    await toggle(page, "sweep").click();
    const header = page.locator(`#runtree-runs button[data-sort="metrics.loss"]`);
    await header.click();
    // The parent sorts by what its row shows: its best child's loss (0.1, below the baseline's 0.7).
    assert.deepEqual(await rows(page), ["sweep@0", "trial-b@1", "trial-c@1", "trial-a@1", "baseline@0"]);
    assert.equal(await page.locator(`th:has(button[data-sort="metrics.loss"])`).getAttribute("aria-sort"), "ascending");
    await page.locator(`#runtree-runs button[data-sort="metrics.loss"]`).click();
    assert.deepEqual(await rows(page), ["baseline@0", "sweep@0", "trial-a@1", "trial-c@1", "trial-b@1"]);
    assert.match(page.url(), /s=metrics\.loss:desc/);
    await page.locator(`#runtree-runs button[data-sort="metrics.loss"]`).click();
    assert.deepEqual(await rows(page), ["sweep@0", "trial-a@1", "trial-b@1", "trial-c@1", "baseline@0"]);
    await page.close();
  });

  test("opening a URL with a view in its hash restores the filter, sort, open rows and columns", async () => {
    const hash = `#f=${encodeURIComponent("metrics.loss < 0.25")}&s=metrics.loss:desc&x=${id("trial-c")}&c=params.lr,metrics.loss`;
    const page = await openExperiment(hash);
    assert.equal(await page.locator("#runtree-runs input[type=search]").inputValue(), "metrics.loss < 0.25");
    assert.deepEqual(await rows(page), ["sweep@0", "trial-c@1", "eval-c@2", "trial-b@1"]);
    const headers = await page.$$eval("#runtree-runs thead button[data-sort]", (buttons) => buttons.map((b) => b.getAttribute("data-sort")));
    assert.deepEqual(headers, ["attributes.run_name", "attributes.status", "attributes.start_time", "duration", "params.lr", "metrics.loss"]);
    assert.equal(await page.locator(`th:has(button[data-sort="metrics.loss"])`).getAttribute("aria-sort"), "descending");
    assert.equal(await page.locator(".match-count").textContent(), "2 of 8 runs match");
    await page.close();
  });

  test("the column chooser adds and removes columns and records them in the URL", async () => {
    const page = await openExperiment();
    await page.locator(".column-chooser summary").click();
    await page.locator(`.column-chooser input[value="params.lr"]`).uncheck();
    assert.equal(await page.locator(`#runtree-runs thead button[data-sort="params.lr"]`).count(), 0);
    assert.match(page.url(), /c=params\.dataset,params\.opt,metrics\.acc,metrics\.eval_loss,metrics\.loss/);
    await page.close();
  });

  test("a run name is shown as text, never as markup", async () => {
    const page = await openExperiment();
    assert.equal(await page.locator(`tr[data-run-id="${id("baseline")}"] td.name a`).textContent(), "baseline <img src=x>");
    assert.equal(await page.locator("#runtree-runs img").count(), 0);
    await page.close();
  });

  test("a run page draws a chart per metric with more than one point, with the exact point under the pointer", async () => {
    const page = await open(new URL(`../../runs/${id("trial-a")}/index.html`, fixture.experimentUrl).href);
    await page.waitForSelector(`#runtree-charts figure.metric-chart[data-metric="loss"][data-state="ready"]`);
    assert.ok((await page.content()).includes(id("trial-a")));
    const charted = await page.$$eval("#runtree-charts figure.metric-chart", (figures) => figures.map((f) => f.getAttribute("data-metric")));
    assert.deepEqual(charted, ["acc", "loss"]);
    const loss = page.locator(`figure[data-metric="loss"]`);
    assert.equal(await loss.getAttribute("data-drawn"), "10");
    assert.equal(await loss.getAttribute("data-buckets"), "0", "ten points are drawn as they are");
    const over = loss.locator(".u-over");
    await over.hover({ position: { x: 1, y: 20 } });
    assert.match((await loss.locator(".readout").textContent()) ?? "", /^step 0 · loss 1 · \d{4}-\d\d-\d\dT/);
    const single = await open(new URL(`../../runs/${id("eval-a")}/index.html`, fixture.experimentUrl).href);
    assert.equal(await single.locator("#runtree-charts figure").count(), 0);
    await single.close();
    await page.close();
  });

  test("a sweep's page draws parallel coordinates, scatters, the best so far and the children's curves", async () => {
    const page = await open(new URL(`../../runs/${id("sweep")}/index.html`, fixture.experimentUrl).href);
    await page.waitForSelector("#runtree-sweep svg");
    assert.equal(await page.locator("#runtree-sweep svg.parallel path.line").count(), 3);
    assert.equal(await page.locator("#runtree-sweep svg.parallel a:has(path.best)").getAttribute("data-run-id"), id("trial-b"));
    const scattered = await page.$$eval("#runtree-sweep figure.scatter", (figures) => figures.map((f) => f.getAttribute("data-param")));
    assert.deepEqual(scattered, ["lr", "opt"]);
    assert.equal(await page.locator("#runtree-sweep .best-so-far circle.point").count(), 3);
    assert.equal(await page.locator("#runtree-sweep .best-so-far circle.point.best").count(), 1);
    const curves = page.locator(`#runtree-sweep .overlaid-curves[data-state="ready"]`);
    assert.equal(await curves.locator("select#runtree-sweep-metric").inputValue(), "loss");
    assert.equal(await curves.getAttribute("data-curves"), "3");
    assert.equal(await curves.getAttribute("data-highlight"), id("trial-b"));
    await curves.locator("select#runtree-sweep-metric").selectOption("acc");
    await page.waitForSelector(`#runtree-sweep .overlaid-curves[data-metric="acc"][data-state="ready"]`);
    assert.equal(await curves.getAttribute("data-curves"), "3");
    await page.close();
  });

  function runUrl(name: string, hash = ""): string {
    return new URL(`../../runs/${id(name)}/index.html${hash}`, fixture.experimentUrl).href;
  }

  test("a sweep without a declared objective starts on its first metric, minimised, and the reader can change it", async () => {
    const page = await open(runUrl("plain"));
    await page.waitForSelector("#runtree-sweep svg.parallel");
    assert.equal(await page.locator("#runtree-sweep-objective").inputValue(), "acc");
    assert.equal(await page.locator("#runtree-sweep-goal").inputValue(), "min");
    const labels = await page.$$eval("#runtree-sweep svg.parallel .axis-label", (texts) => texts.map((t) => t.firstChild?.textContent));
    assert.deepEqual(labels, ["lr (log)", "acc (min)"]);
    assert.equal(await page.locator("#runtree-sweep svg.parallel a:has(path.best)").getAttribute("data-run-id"), id("plain-1"));
    assert.deepEqual(await page.$$eval("#runtree-sweep figure.scatter", (f) => f.map((e) => e.getAttribute("data-param"))), ["lr"]);
    assert.equal(await page.locator("#runtree-sweep .best-so-far circle.point").count(), 3);
    assert.equal(await page.locator(`tr.best-row`).getAttribute("data-run-id"), id("plain-1"));
    assert.equal(await page.locator("#runtree-sweep .chart-empty").count(), 0);
    assert.equal(page.url().includes("#"), false, "an untouched view keeps a clean URL");

    await page.locator("#runtree-sweep-goal").selectOption("max");
    assert.equal(await page.locator("#runtree-sweep svg.parallel a:has(path.best)").getAttribute("data-run-id"), id("plain-2"));
    assert.equal(await page.locator("#runtree-sweep .best-so-far a:has(circle.point.best)").getAttribute("data-run-id"), id("plain-2"));
    await page.waitForSelector(`#runtree-sweep .overlaid-curves[data-highlight="${id("plain-2")}"][data-state="ready"]`);
    assert.deepEqual(await page.$$eval("tr.best-row", (rows) => rows.map((r) => r.getAttribute("data-run-id"))), [id("plain-2")]);
    assert.match((await page.locator(".sweep-best-line").textContent()) ?? "", /plain-2/);
    assert.match(page.url(), /#o=acc:max$/);
    await page.locator("#runtree-sweep .overlaid-curves select#runtree-sweep-metric").selectOption("loss");
    assert.match(page.url(), /#o=acc:max&m=loss$/);
    await page.close();
  });

  test("a run page's hash restores the sweep's objective and curves metric, and ignores metrics the sweep lacks", async () => {
    const page = await open(runUrl("plain", "#o=loss:min&m=acc"));
    await page.waitForSelector("#runtree-sweep svg.parallel");
    assert.equal(await page.locator("#runtree-sweep-objective").inputValue(), "loss");
    assert.equal(await page.locator("#runtree-sweep-goal").inputValue(), "min");
    assert.equal(await page.locator("#runtree-sweep .overlaid-curves select#runtree-sweep-metric").inputValue(), "acc");
    assert.equal(await page.locator("#runtree-sweep svg.parallel a:has(path.best)").getAttribute("data-run-id"), id("plain-2"));
    const stale = await open(runUrl("plain", "#o=nope:max&m=nope"));
    await stale.waitForSelector("#runtree-sweep svg.parallel");
    assert.equal(await stale.locator("#runtree-sweep-objective").inputValue(), "acc");
    assert.equal(await stale.locator("#runtree-sweep .overlaid-curves select#runtree-sweep-metric").inputValue(), "acc");
    await stale.close();
    await page.close();
  });

  test("the runs table shows start times in UTC, as the run pages do, whatever the reader's time zone", async () => {
    const zoned = await browser.newContext({ timezoneId: "Asia/Kolkata" });
    const page = await zoned.newPage();
    await page.goto(fixture.experimentUrl);
    await page.waitForSelector("#runtree-runs table.runs.interactive");
    const cell = (await page.locator(`tr[data-run-id="${id("sweep")}"] td.start`).textContent()) ?? "";
    assert.match(cell, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await page.goto(runUrl("sweep"));
    assert.equal(await page.locator("dl.facts dt:has-text('Started') + dd").textContent(), cell);
    await zoned.close();
  });

  test("unknown ids in a shared link are ignored: an unknown column list shows the default columns", async () => {
    const page = await openExperiment("#c=params.nope&x=0000feedface");
    const headers = await page.$$eval("#runtree-runs thead button[data-sort]", (buttons) => buttons.map((b) => b.getAttribute("data-sort")));
    assert.ok(headers.includes("params.lr") && headers.includes("metrics.loss"), headers.join(" "));
    assert.deepEqual(await rows(page), ["sweep@0", "baseline@0"]);
    assert.equal(page.url().includes("0000feedface"), false);
    assert.equal(page.url().includes("params.nope"), false);
    await page.close();
  });

  test("without JavaScript the pages still show the nested runs table and the numbers", async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(fixture.experimentUrl);
      const rows = await page.$$eval("#runtree-runs table.runs tbody tr", (trs) =>
        trs.map((tr) => `${tr.getAttribute("data-run-id")}|${tr.getAttribute("data-parent-id")}|${tr.getAttribute("data-depth")}`),
      );
      // Depth first: the sweep, each trial, and each trial's evaluation under it.
      assert.deepEqual(rows.slice(0, 3), [`${id("sweep")}||0`, `${id("trial-a")}|${id("sweep")}|1`, `${id("eval-a")}|${id("trial-a")}|2`]);
      assert.equal(await page.locator("#runtree-runs table.runs.interactive").count(), 0, "no script ran");
      const trialRow = page.locator(`tr[data-run-id="${id("trial-b")}"]`);
      assert.match((await trialRow.textContent()) ?? "", /0\.01/);
      await page.goto(new URL(`../../runs/${id("trial-b")}/index.html`, fixture.experimentUrl).href);
      const text = (await page.textContent("body")) ?? "";
      assert.match(text, new RegExp(id("trial-b")));
      assert.match(text, /adam/);
      assert.match(text, /loss/);
      await page.close();
    } finally {
      await noScript.close();
    }
  });

  test("no page requests anything outside file://, and no script error or CSP violation occurs", async () => {
    // Loads every kind of page itself, so it holds when run alone; what the other tests loaded counts too.
    for (const path of ["index.html", "problems.html", `runs/${id("sweep")}/index.html`, `runs/${id("trial-b")}/index.html`]) {
      const page = await open(pathToFileURL(join(fixture.out, path)).href);
      await page.waitForLoadState("load");
      await page.close();
    }
    const experiment = await openExperiment();
    await experiment.close();
    assert.ok(requests.length >= 10, `pages, scripts and stylesheets were requested (${requests.length})`);
    assert.deepEqual(requests.filter((url) => !url.startsWith("file://")), []);
    assert.deepEqual(problems, []);
  });
});
