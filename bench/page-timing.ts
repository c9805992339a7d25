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
      // Strings, not functions: this file is type-checked for node, without the DOM's types.
      await page.waitForFunction(`document.querySelectorAll(${JSON.stringify(`${selector}[data-state="ready"]`)}).length >= ${expected}`, undefined, {
        polling: "raf",
        timeout: 120_000,
      });
      await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))");
      samples.push(Date.now() - start);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { ms: median(samples), samples, problems, remoteRequests };
}
