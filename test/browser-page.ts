/** Shared by the browser tests: a new page that reports script errors and CSP violations into `problems`. */
import type { BrowserContext, Page } from "playwright-core";

export async function openWatched(context: BrowserContext, url: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${page.url()}: ${message.text()}`);
  });
  await page.goto(url);
  return page;
}
