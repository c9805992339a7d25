/**
 * The experiment page in headless Chromium, opened from file:// as a reader opens a report: how long until
 * the runs table is usable and until every run is loaded, and how long expanding a parent, sorting by a
 * metric and applying a filter take until the next frame is drawn. Expanding is done right after the page
 * is usable (the rest of the runs may still be loading); sorting and filtering need every run, so they are
 * timed once all are in (the "all loaded" figure says when that is). Each repetition is a fresh browser
 * context (no cache, no heap carried over); the times are taken inside the page (see page-probe.ts), so
 * Playwright's own round trips do not count, and clicks are plain mouse clicks (see mouseClick).
 *
 * Standalone: node --import tsx bench/page-ops.ts <experiment page .html> [--reps 5] [--filter EXPR]
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { PROBE_SCRIPT, type Settled } from "./page-probe.js";

export const CHROMIUM = "/usr/bin/chromium";
/** A filter on a param and a metric of the bench store's trials: it matches children, so ancestors open. */
export const BENCH_FILTER = "metrics.val_loss < 0.6 and params.optimizer = 'adam'";
const SORT_COLUMN = "metrics.val_loss";

export interface PageSample {
  /** Navigation start to the first frame with the table usable, ms. */
  readonly interactive: number;
  /** Navigation start to the first frame with every run loaded, ms. */
  readonly complete: number;
  /** Click on a parent's toggle to the first frame with its children shown, ms. */
  readonly expand: number;
  /** Click on a metric's header to the first frame sorted by it, ms. */
  readonly sort: number;
  /** Enter in the filter box to the first frame with the filtered table, ms. */
  readonly filter: number;
  /** Rows the filtered table shows (a sanity check that the filter did something). */
  readonly filteredRows: number;
  /** Used JS heap after all of the above, bytes (no forced garbage collection). */
  readonly heapBytes: number;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** How long the pointer rests on an element before the click, as a reader's does. */
const HOVER_MS = 100;

/**
 * Puts the pointer on the middle of `locator` and returns the click there, as a mouse would do it,
 * without Playwright's own checks: a locator's click runs Playwright's hit-target listeners in the page on
 * the way (about 20 ms of script and a forced layout, seen in traces), which the page's time would
 * otherwise include. The pointer arrives HOVER_MS before the click: moving and clicking in the same
 * millisecond, as no hand does, makes the click wait for the frame that draws the hover. Scrolled into
 * view first.
 */
async function mouseClick(page: Page, locator: Locator): Promise<() => Promise<void>> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (box === null) throw new Error("bench: nothing to click");
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.waitForTimeout(HOVER_MS);
  return () => page.mouse.click(x, y);
}

async function timed(page: Page, kind: string, arg: string, act: () => Promise<void>): Promise<number> {
  await page.evaluate(`window.__runtreeBench.arm(${JSON.stringify(kind)}, ${JSON.stringify(arg)})`);
  await act();
  const settled = (await page.evaluate("window.__runtreeBench.settled()")) as Settled;
  if (settled.start === null) throw new Error(`bench: the page saw no input for "${kind}"`);
  return settled.end - settled.start;
}

/** One cold load of the page and one of each interaction, in a context of its own. */
export async function samplePage(browser: Browser, url: string, filter: string): Promise<PageSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.addInitScript(PROBE_SCRIPT);
    await page.goto(url);
    const interactive = (await page.evaluate("window.__runtreeBench.interactive")) as number;

    const toggle = page.locator("#runtree-runs tbody tr[data-depth='0'] button[data-toggle]").first();
    const parent = (await toggle.getAttribute("data-toggle")) ?? "";
    const expand = await timed(page, "rows-under", parent, await mouseClick(page, toggle));
    const complete = (await page.evaluate("window.__runtreeBench.complete")) as number;

    const header = page.locator(`#runtree-runs button[data-sort="${SORT_COLUMN}"]`);
    const sort = await timed(page, "sorted", SORT_COLUMN, await mouseClick(page, header));

    const box = page.locator("#runtree-runs input[type=search]");
    await box.fill(filter);
    const filtered = await timed(page, "text", " match", () => page.keyboard.press("Enter"));
    const filteredRows = await page.locator("#runtree-runs tbody tr[data-run-id]").count();

    const cdp = await context.newCDPSession(page);
    const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    if (errors.length > 0) throw new Error(`bench: the page threw: ${errors.join("; ")}`);
    return { interactive, complete, expand, sort, filter: filtered, filteredRows, heapBytes: heap.usedSize };
  } finally {
    await context.close();
  }
}

/** `reps` cold loads (after one discarded warm-up load that fills the OS file cache). */
export async function benchPage(file: string, reps: number, filter = BENCH_FILTER): Promise<PageSample[]> {
  const url = pathToFileURL(file).href;
  const browser = await launchChromium();
  try {
    await samplePage(browser, url, filter);
    const samples: PageSample[] = [];
    for (let i = 0; i < reps; i++) samples.push(await samplePage(browser, url, filter));
    return samples;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { reps: { type: "string", default: "5" }, filter: { type: "string", default: BENCH_FILTER } },
  });
  const file = positionals[0];
  if (file === undefined || !existsSync(file)) throw new Error("usage: page-ops <experiment page .html> [--reps 5] [--filter EXPR]");
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  for (const sample of await benchPage(file, Number(values.reps), values.filter)) {
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    process.stdout.write(
      `interactive ${ms(sample.interactive)}  all loaded ${ms(sample.complete)}  expand ${ms(sample.expand)}  sort ${ms(sample.sort)}  filter ${ms(sample.filter)} ` +
        `(${sample.filteredRows} rows)  heap ${(sample.heapBytes / 2 ** 20).toFixed(0)} MiB\n`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
