/**
 * Writes the README's pictures of the report of the committed sample store (`mlruns/`, written by
 * `examples/tune.ts`), opened from file:// in headless Chromium:
 *   docs/report.png  "Nested Child Association", filtered to one tuning round, a parent expanded,
 *                    children sorted by metric1;
 *   docs/sweep.png   the sweep view of "Parent Child Association Challenge"'s first parent.
 *
 *   node --import tsx scripts/screenshot.ts
 *
 * Needs Chromium at /usr/bin/chromium; it is never downloaded.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { buildReport } from "../src/report/build.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  const dir = mkdtempSync(join(tmpdir(), "runtree-screenshot-"));
  try {
    const script = join(dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    const out = join(dir, "site");
    await buildReport({ store: join(ROOT, "mlruns"), out, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    const experiment = readdirSync(join(out, "experiments")).find((name) => name.startsWith("nested-child-association"));
    if (!experiment) throw new Error("the sample report has no 'Nested Child Association' page");

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: "light" });
      await page.goto(pathToFileURL(join(out, "experiments", experiment, "index.html")).href);
      await page.waitForSelector("#runtree-runs table.runs.interactive");
      const filter = page.locator('#runtree-runs input[type="search"]');
      await filter.fill("tags.test_identifier = 'params_test_2'");
      await filter.press("Enter");
      await page.locator("#runtree-runs tr", { hasText: "parent_run_test_params_test_2_0" }).first().locator("button.toggle").click();
      await page.locator(`#runtree-runs button[data-sort="metrics.metric1"]`).click();
      await page.mouse.move(0, 0);
      await shoot(page, join(ROOT, "docs/report.png"));

      const challenge = readdirSync(join(out, "experiments")).find((name) => name.startsWith("parent-child-association-challenge"));
      if (!challenge) throw new Error("the sample report has no 'Parent Child Association Challenge' page");
      await page.goto(pathToFileURL(join(out, "experiments", challenge, "index.html")).href);
      await page.waitForSelector("#runtree-runs table.runs.interactive");
      await page.locator("#runtree-runs tr a", { hasText: "parent_run_test_subset_test_0" }).first().click();
      await page.waitForSelector("#runtree-sweep svg");
      await page.locator(".sweep-section").first().evaluate((section) => section.scrollIntoView());
      await page.mouse.move(0, 0);
      await shoot(page, join(ROOT, "docs/sweep.png"));
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function shoot(page: import("playwright-core").Page, target: string): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  await page.screenshot({ path: target, fullPage: false });
}

await main();
