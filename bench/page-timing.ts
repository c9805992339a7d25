/**
 * Time to first chart of a report page in headless Chromium: from `goto` until the frame after every
 * chart of the page says it is drawn (`[data-state=ready]`), median of `reps` fresh loads. Also returns the
 * script errors and CSP violations seen, and any request outside file:// (there must be none).
 */
import { chromium } from "playwright-core";
import { median } from "./timing.js";

export interface PageTiming {
  readonly ms: number;
  readonly samples: readonly number[];
  readonly problems: readonly string[];
  readonly remoteRequests: readonly string[];
}

interface PageGlobal {
  readonly document: { querySelectorAll(selector: string): { readonly length: number } };
  requestAnimationFrame(callback: () => void): number;
  setTimeout(callback: () => void, ms: number): number;
}

/** Runs in the page: every chart `selector` matches says it is drawn. */
function chartsReady({ selector, expected }: { selector: string; expected: number }): boolean {
  return (globalThis as unknown as PageGlobal).document.querySelectorAll(selector).length >= expected;
}

/** Runs in the page: resolves once the frame after this one has been produced. */
function nextFrame(): Promise<void> {
  const page = globalThis as unknown as PageGlobal;
  return new Promise((resolve) => page.requestAnimationFrame(() => page.setTimeout(resolve, 0)));
}

/** `selector` matches the charts to wait for; `expected` is how many there must be. */
export async function timeToCharts(url: string, selector: string, expected: number, reps = 5): Promise<PageTiming> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  const problems: string[] = [];
  const remoteRequests: string[] = [];
  const samples: number[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.on("request", (request) => {
        if (!request.url().startsWith("file://")) remoteRequests.push(request.url());
      });
      const page = await context.newPage();
      page.on("pageerror", (error) => problems.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      const start = Date.now();
      await page.goto(url, { waitUntil: "commit" });
      // Functions, not strings: the page's CSP (no 'unsafe-eval') refuses a string predicate polled on each
      // frame. They are typed without the DOM's types, since this file is type-checked for node.
      await page.waitForFunction(chartsReady, { selector: `${selector}[data-state="ready"]`, expected }, { polling: "raf", timeout: 120_000 });
      await page.evaluate(nextFrame);
      samples.push(Date.now() - start);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { ms: median(samples), samples, problems, remoteRequests };
}
