/**
 * The run page's charts of a long history in a real browser (headless Chromium, from file://): what is
 * drawn first is an M4 reduction that keeps every bucket's true min and max (so spikes stay visible) and says
 * so; NaN and +Infinity are marked; zooming loads the full history from the files beside the page and
 * double-click resets; hover shows the exact point; smoothing and the log scale are per chart; the view is
 * in the URL; and nothing breaks the CSP or leaves file://. Assertions go through the markup the charts
 * expose (data attributes, caption, readout, values table), never through pixels.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { openStore } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import { openWatched } from "./browser-page.js";
import { bucketOf } from "../src/model/downsample.js";
import { smooth } from "../src/client/charts/smooth.js";
import { browserSkip } from "./browser-site.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skip = browserSkip;

const STEPS = 60_000;
const START = Date.UTC(2025, 0, 1);
/** Steps whose loss is a spike far above its neighbours. */
const SPIKES = new Set([1_234, 17_777, 30_001, 45_678, 59_000]);
const INFINITY_AT = 50_000;
const NAN_FROM = 55_000;
const NAN_TO = 55_300;

/** The seeded history: the test knows every point, so it can check what is drawn against the truth. */
function loss(step: number): number {
  if (step === INFINITY_AT) return Infinity;
  if (step >= NAN_FROM && step < NAN_TO) return NaN;
  const noise = ((step * 2654435761) % 1000) / 1000;
  return (SPIKES.has(step) ? 50 : 0) + 2 * Math.exp(-step / 10_000) + 0.1 * noise;
}
const timeOf = (step: number): number => START + 1000 + step * 250;

describe("a long run's charts in a browser", { skip }, () => {
  let dir = "";
  let runUrl = "";
  let sweepUrl = "";
  let site = "";
  let browser: Browser;
  let context: BrowserContext;
  const requests: string[] = [];
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `CI=true but there is no browser at ${CHROMIUM}`);
    dir = mkdtempSync(join(tmpdir(), "runtree-charts-"));
    let now = START;
    const store = openStore(join(dir, "mlruns"), { clock: () => now, captureSource: false, fsync: false });
    const exp = store.experiment("long");
    let runId = "";
    let sweepId = "";
    await exp.run({ name: "long" }, (run) => {
      runId = run.id;
      for (let step = 0; step < STEPS; step++) {
        now = timeOf(step);
        run.logMetrics({ loss: loss(step), lr: 1e-3 * (1 + (step % 100)) }, { step });
      }
    });
    await exp.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (parent) => {
      sweepId = parent.id;
      for (let i = 0; i < 5; i++) {
        await parent.child({ name: `trial-${i}`, params: { i } }, (run) => {
          for (let step = 0; step < 2_000; step++) run.logMetric("loss", (i + 1) * Math.exp(-step / 500), { step });
        });
      }
    });
    const script = join(dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    const out = join(dir, "site");
    site = out;
    await buildReport({ store: join(dir, "mlruns"), out, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    runUrl = pathToFileURL(join(out, "runs", runId, "index.html")).href;
    sweepUrl = pathToFileURL(join(out, "runs", sweepId, "index.html")).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on("request", (request) => requests.push(request.url()));
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function open(url: string): Promise<Page> {
    return openWatched(context, url, problems);
  }

  /** The loss chart, once drawn for the current view. */
  async function lossChart(page: Page) {
    await page.waitForSelector(`figure.metric-chart[data-metric="loss"][data-state="ready"]`);
    return page.locator(`figure.metric-chart[data-metric="loss"]`);
  }

  /** The rows of the chart's values table: the points it draws. */
  async function drawnPoints(page: Page): Promise<Array<{ x: number; y: number }>> {
    const chart = await lossChart(page);
    const values = chart.locator("details.chart-values");
    if ((await values.getAttribute("open")) === null) await values.locator("summary").click();
    // The table is built by the details' toggle event, a task after the click, in one go: wait for its last
    // row (a locator wait; a string predicate would be eval, which the page's CSP refuses while polling).
    const drawn = Number(await chart.getAttribute("data-drawn"));
    await chart.locator("table.values tbody tr").nth(drawn - 1).waitFor({ state: "attached" });
    const rows = await chart.locator("table.values tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-x"), tr.getAttribute("data-value")]));
    return rows.map(([x, y]) => ({ x: Number(x), y: Number(y) }));
  }

  test("a long history is drawn downsampled, says so, and each bucket keeps its true first, last, min and max", async () => {
    const page = await open(runUrl);
    const chart = await lossChart(page);
    assert.equal(await chart.getAttribute("data-count"), String(STEPS));
    assert.equal(await chart.getAttribute("data-represents"), String(STEPS));
    const buckets = Number(await chart.getAttribute("data-buckets"));
    assert.equal(buckets, 800);
    assert.match((await chart.locator("figcaption .downsampled").textContent()) ?? "", /downsampled: [\d,]+ of 60,000 points drawn \(first, last, min and max of each of 800 buckets\)/);
    const drawn = await drawnPoints(page);
    assert.ok(drawn.length <= 4 * buckets + 3 * buckets && drawn.length > buckets, `${drawn.length} points drawn`);
    const [min, max] = [Number(await chart.getAttribute("data-bucket-min")), Number(await chart.getAttribute("data-bucket-max"))];
    assert.deepEqual([min, max], [0, STEPS - 1]);
    // The truth, bucket by bucket.
    const truth = new Map<number, { min: number; max: number; first: number; last: number }>();
    for (let step = 0; step < STEPS; step++) {
      const b = bucketOf(step, min, max, buckets);
      const v = loss(step);
      const t = truth.get(b) ?? { min: Infinity, max: -Infinity, first: step, last: step };
      if (Number.isFinite(v)) {
        t.min = Math.min(t.min, v);
        t.max = Math.max(t.max, v);
      }
      t.last = step;
      truth.set(b, t);
    }
    const seen = new Map<number, { min: number; max: number; steps: Set<number> }>();
    for (const p of drawn) {
      assert.ok(Object.is(p.y, loss(p.x)) || (Number.isNaN(p.y) && Number.isNaN(loss(p.x))), `step ${p.x} is drawn with its logged value`);
      const b = bucketOf(p.x, min, max, buckets);
      const s = seen.get(b) ?? { min: Infinity, max: -Infinity, steps: new Set<number>() };
      if (Number.isFinite(p.y)) {
        s.min = Math.min(s.min, p.y);
        s.max = Math.max(s.max, p.y);
      }
      s.steps.add(p.x);
      seen.set(b, s);
    }
    assert.equal(seen.size, buckets, "every bucket is drawn");
    for (const [b, t] of truth) {
      const s = seen.get(b)!;
      assert.equal(s.min, t.min, `bucket ${b}: drawn min`);
      assert.equal(s.max, t.max, `bucket ${b}: drawn max`);
      assert.ok(s.steps.has(t.first) && s.steps.has(t.last), `bucket ${b}: first and last points drawn`);
    }
    for (const spike of SPIKES) assert.ok(drawn.some((p) => p.x === spike), `the spike at step ${spike} is drawn`);
    await page.close();
  });

  test("NaN and +Infinity are marked, not dropped: counted in the caption and kept per bucket", async () => {
    const page = await open(runUrl);
    const chart = await lossChart(page);
    assert.match((await chart.locator("figcaption .nonfinite").textContent()) ?? "", /300 NaN, 1 \+Infinity \(marked/);
    const drawn = await drawnPoints(page);
    const marked = drawn.filter((p) => !Number.isFinite(p.y)).map((p) => p.x);
    assert.ok(marked.includes(INFINITY_AT), "the +Infinity point is kept");
    assert.ok(marked.includes(NAN_FROM), "the first NaN is kept");
    assert.ok(marked.every((x) => x === INFINITY_AT || (x >= NAN_FROM && x < NAN_TO)));
    const rows = await chart.locator("table.values tr.nonfinite").count();
    assert.equal(rows, marked.length);
    await page.close();
  });

  test("dragging over a range redraws it from the full history, loaded from the files beside the page; double-click resets", async () => {
    const before = requests.filter((url) => /\/history\/\d+-\d+\.js$/.test(url)).length;
    const page = await open(runUrl);
    const chart = await lossChart(page);
    assert.equal(requests.filter((url) => /\/history\/\d+-\d+\.js$/.test(url)).length, before, "no history file is loaded before a zoom");
    const box = (await chart.locator(".u-over").boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForSelector(`figure.metric-chart[data-metric="loss"][data-detail="full"][data-state="ready"]`);
    const zoom = (await chart.getAttribute("data-zoom"))!.split("~").map(Number) as [number, number];
    assert.ok(zoom[0] > 25_000 && zoom[1] < 35_000 && zoom[1] > zoom[0], `zoomed to ${zoom.join("~")}`);
    assert.match(page.url(), new RegExp(`#z=${zoom[0]}~${zoom[1]}$`));
    assert.ok(requests.some((url) => /\/history\/0-1\.js$/.test(url)), "the chunk holding the range was loaded");
    const all = zoom[1] - zoom[0] + 1;
    assert.equal(await chart.getAttribute("data-buckets"), "0", "a short range is drawn point by point");
    assert.equal(Number(await chart.getAttribute("data-drawn")), all);
    const drawn = await drawnPoints(page);
    assert.deepEqual(drawn.map((p) => p.x), Array.from({ length: all }, (_, i) => zoom[0] + i));
    assert.equal(await lossChart(page).then((c) => c.locator("figcaption .downsampled").count()), 0, "not labelled downsampled");
    // Every chart follows the zoom.
    await page.waitForSelector(`figure.metric-chart[data-metric="lr"][data-zoom="${zoom[0]}~${zoom[1]}"][data-state="ready"]`);

    await chart.locator(".u-over").dblclick();
    await page.waitForSelector(`figure.metric-chart[data-metric="loss"][data-detail="overview"][data-state="ready"]`);
    assert.equal(await chart.getAttribute("data-zoom"), null);
    assert.equal(await chart.getAttribute("data-buckets"), "800");
    assert.equal(page.url().includes("#"), false, "the reset view keeps a clean URL");
    await page.close();
  });

  test("a zoom in the URL opens at full detail, and hover shows the exact step, value and time", async () => {
    const page = await open(`${runUrl}#z=30000~30100`);
    await page.waitForSelector(`figure.metric-chart[data-metric="loss"][data-detail="full"][data-state="ready"]`);
    const chart = page.locator(`figure.metric-chart[data-metric="loss"]`);
    assert.equal(await chart.getAttribute("data-drawn"), "101");
    const box = (await chart.locator(".u-over").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const readout = chart.locator(".readout");
    await page.locator('figure[data-metric="loss"] .readout[data-x]').waitFor({ state: "attached" });
    const step = Number(await readout.getAttribute("data-x"));
    assert.ok(Math.abs(step - 30_050) <= 2, `the point under the pointer (${step})`);
    assert.equal(Number(await readout.getAttribute("data-value")), loss(step));
    assert.equal(Number(await readout.getAttribute("data-time")), timeOf(step));
    assert.match((await readout.textContent()) ?? "", new RegExp(`^step ${step.toLocaleString("en-US")} · loss ${String(loss(step)).replace(".", "\\.")} · ${new Date(timeOf(step)).toISOString().replace(".", "\\.")}`));
    await page.close();
  });

  test("smoothing and the log scale are set per chart, shown, and kept in the URL", async () => {
    const page = await open(`${runUrl}#z=1000~1100`);
    const chart = await lossChart(page);
    await chart.locator("input.smoothing").fill("0.9");
    await page.waitForSelector(`figure.metric-chart[data-metric="loss"][data-smoothing="0.9"][data-state="ready"]`);
    assert.equal(await page.locator(`figure.metric-chart[data-metric="lr"]`).getAttribute("data-smoothing"), "0", "the other chart is not smoothed");
    assert.match((await chart.locator("figcaption").textContent()) ?? "", /smoothed \(EMA 0\.9\)/);
    assert.match(page.url(), /sm=loss:0\.9/);
    const drawn = await drawnPoints(page);
    const smoothed = smooth(drawn.map((p) => p.y), 0.9);
    const box = (await chart.locator(".u-over").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('figure[data-metric="loss"] .readout', { hasText: /smoothed/ }).waitFor({ state: "attached" });
    const step = Number(await chart.locator(".readout").getAttribute("data-x"));
    const index = drawn.findIndex((p) => p.x === step);
    assert.match((await chart.locator(".readout").textContent()) ?? "", new RegExp(`\\(smoothed ${String(smoothed[index]).replace(".", "\\.")}\\)`));

    await chart.locator("input.log-scale").check();
    await page.waitForSelector(`figure.metric-chart[data-metric="loss"][data-log="true"][data-state="ready"]`);
    assert.match(page.url(), /log=loss/);
    const again = await open(`${runUrl}#x=rel&sm=lr:0.5&log=lr`);
    await again.waitForSelector(`figure.metric-chart[data-metric="lr"][data-smoothing="0.5"][data-log="true"][data-state="ready"]`);
    assert.equal(await again.locator("#runtree-x-axis").inputValue(), "rel");
    assert.equal(await again.locator(`figure.metric-chart[data-metric="lr"] input.log-scale`).isChecked(), true);
    await again.close();
    await page.close();
  });

  test("a sweep's overlay draws each long child downsampled the same way, from a file loaded with the page", async () => {
    const page = await open(sweepUrl);
    await page.waitForSelector(`#runtree-sweep .overlaid-curves[data-state="ready"]`);
    const figure = page.locator("#runtree-sweep .overlaid-curves");
    assert.equal(await figure.getAttribute("data-curves"), "5");
    assert.equal(await figure.getAttribute("data-downsampled"), "5");
    assert.match((await figure.locator("figcaption .downsampled").textContent()) ?? "", /5 downsampled: first, last, min and max of each of 250 buckets/);
    // The label says how many points the drawn ones stand for: every child's 2,000 logged.
    const drawn = Number(await figure.getAttribute("data-points"));
    assert.ok(drawn > 5 * 250 && drawn < 5 * 2_000, `${drawn} points drawn`);
    assert.equal(await figure.getAttribute("data-logged"), "10000");
    assert.match((await figure.locator("figcaption .downsampled").textContent()) ?? "", new RegExp(`\\(${drawn.toLocaleString("en-US")} points drawn for 10,000 logged\\)`));
    await page.close();
  });

  test("a report copied without its data files says which file is missing on the chart that needs it; the rest draws", async () => {
    const copy = join(dir, "copy");
    cpSync(site, copy, { recursive: true });
    const relative = (url: string) => fileURLToPath(url).slice(site.length + 1);
    const runPage = join(copy, relative(runUrl));
    const sweepPage = join(copy, relative(sweepUrl));
    rmSync(join(dirname(runPage), "history", "0-1.js"));
    rmSync(join(dirname(sweepPage), "curves", "0.js"));
    const seen: string[] = [];
    const page = await openWatched(context, `${pathToFileURL(runPage).href}#z=30000~30100`, seen);
    await page.waitForSelector(`figure.metric-chart[data-metric="loss"][data-state="error"]`);
    assert.match((await page.locator(`figure.metric-chart[data-metric="loss"] .readout`).textContent()) ?? "", /history\/0-1\.js could not be loaded/);
    await page.waitForSelector(`figure.metric-chart[data-metric="lr"][data-detail="full"][data-state="ready"]`);
    const sweep = await openWatched(context, pathToFileURL(sweepPage).href, seen);
    await sweep.waitForSelector(`#runtree-sweep .overlaid-curves[data-state="error"]`);
    assert.match((await sweep.locator("#runtree-sweep .overlaid-curves").textContent()) ?? "", /curves\/0\.js could not be loaded/);
    assert.ok(await sweep.locator("#runtree-sweep .best-so-far").count() > 0, "the other sweep views still draw");
    // The only errors are the browser's own reports of the two missing files.
    assert.equal(seen.filter((problem) => !/ERR_FILE_NOT_FOUND/.test(problem)).length, 0, seen.join("\n"));
    await page.close();
    await sweep.close();
  });

  test("the charts keep the CSP (no inline style element, no violation), make no request outside file:// and raise no error", async () => {
    const page = await open(runUrl);
    await lossChart(page);
    assert.equal(await page.locator("style").count(), 0, "no <style> element was injected");
    await page.close();
    assert.deepEqual(requests.filter((url) => !url.startsWith("file://")), []);
    assert.deepEqual(problems, []);
  });
});
