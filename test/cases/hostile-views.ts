/**
 * For the hostile-strings browser test: opening every view a page has (every parent row expanded, every
 * column shown, sorted, filtered with a hostile quoted string, the chart panel coloured by a hostile
 * param, each sweep objective, each image, chart points hovered for their readouts), and the audit of
 * what a page holds afterwards (no handler attribute, no foreign script, no link or source that leaves
 * file://, no element a payload would bring).
 */
import type { Page } from "playwright-core";

/** Clicks every closed parent toggle, the newly shown ones too, until none is left (bounded). */
async function expandAll(page: Page): Promise<void> {
  const closed = page.locator(`#runtree-runs button[data-toggle][aria-expanded="false"]`);
  for (let round = 0; round < 200 && (await closed.count()) > 0; round++) await closed.first().click();
}

async function filter(page: Page, text: string): Promise<void> {
  const box = page.locator("#runtree-runs input[type=search]");
  await box.fill(text);
  await box.press("Enter");
}

/** Hovers each drawn uPlot chart in `scope` (at most 8); returns the readouts that showed a point. */
async function hoverCharts(page: Page, scope: string): Promise<string[]> {
  const figures = page.locator(`${scope}:has(.u-over)`);
  const count = Math.min(await figures.count(), 8);
  const readouts: string[] = [];
  for (let i = 0; i < count; i++) {
    const over = figures.nth(i).locator(".u-over");
    await over.scrollIntoViewIfNeeded();
    const box = await over.boundingBox();
    if (!box) continue;
    // Across the plot until the readout names a point (a sparse chart has none under its middle).
    for (const at of [0.5, 0.1, 0.3, 0.7, 0.9]) {
      await page.mouse.move(box.x + box.width * at, box.y + box.height / 2);
      const text = (await figures.nth(i).locator(".readout").textContent()) ?? "";
      if (text.trim() === "") continue;
      readouts.push(text);
      break;
    }
  }
  return readouts;
}

/** Hovers up to `limit` SVG points (scatter dots, best-so-far points, parallel lines). */
async function hoverPoints(page: Page, selector: string, limit = 6): Promise<void> {
  const points = page.locator(selector);
  const count = Math.min(await points.count(), limit);
  for (let i = 0; i < count; i++) {
    // The mouse itself, not locator.hover: a point drawn under another one is still hovered where it is.
    const box = await points.nth(i).boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }
}

/** Picks every option of `select`, one after the other (each redraws its view); none when the page has no such select. */
async function everyOption(page: Page, select: string): Promise<void> {
  if ((await page.locator(select).count()) === 0) return;
  const values = await page.locator(select).first().evaluate((el) => Array.from((el as unknown as { options: ArrayLike<{ value: string }> }).options, (o) => o.value));
  for (const value of values) await page.locator(select).first().selectOption(value);
}

/**
 * An experiment page's views: all rows open, all columns, sorted, the chart panel with points hovered and
 * coloured by `params.v`, then filtered by `filterText` and by a filter that does not parse (an unclosed
 * quote around the same text), then the filter cleared and all rows opened again. Returns the match count
 * the first filter showed ("" for an experiment without runs).
 */
export async function experimentViews(page: Page, filterText: string): Promise<string> {
  await page.locator("#runtree-runs table.runs.interactive, #runtree-runs p.empty").first().waitFor();
  if ((await page.locator("#runtree-runs table.runs.interactive").count()) === 0) return "";
  await expandAll(page);
  await page.locator(".column-chooser summary").click();
  const boxes = page.locator(".column-chooser input[type=checkbox]:not(:checked)");
  for (let round = 0; round < 500 && (await boxes.count()) > 0; round++) await boxes.first().check();
  await page.locator(".column-chooser summary").click();
  for (const key of ["attributes.run_name", "params.v", "tags.t"]) {
    const sort = page.locator(`#runtree-runs button[data-sort="${key}"]`);
    if ((await sort.count()) > 0) await sort.click();
  }
  await page.locator("details#runtree-explore summary").click();
  await page.locator("details#runtree-explore figure.explore-scatter").waitFor();
  if ((await page.locator(`#runtree-explore-color option[value="params.v"]`).count()) > 0) {
    await page.locator("#runtree-explore-color").selectOption("params.v");
  }
  await hoverPoints(page, "figure.explore-scatter a[data-run-id] circle");
  await hoverPoints(page, "figure.explore-bars a[data-run-id]");
  await filter(page, filterText);
  const matched = (await page.locator(".match-count").textContent()) ?? "";
  await filter(page, `params.v = '${filterText.replace(/'/g, "")}`);
  await page.locator("#runtree-runs .filter-error").waitFor();
  await filter(page, "");
  await expandAll(page);
  return matched;
}

/**
 * A run page's views: its metric charts hovered (when `charted`: some metric has more than one point); for
 * a sweep, each objective, each image, the curves hovered. Returns the readout of each chart hovered.
 */
export async function runViews(page: Page, charted: boolean): Promise<string[]> {
  await page.locator("main").waitFor();
  const readouts: string[] = [];
  if (charted) {
    await page.locator("#runtree-charts.enhanced").waitFor();
    readouts.push(...(await hoverCharts(page, "#runtree-charts figure.metric-chart")));
  }
  if ((await page.locator("#runtree-sweep").count()) === 0) return readouts;
  await page.locator("#runtree-sweep.enhanced").waitFor();
  await everyOption(page, "#runtree-sweep-objective");
  await everyOption(page, "#runtree-sweep-goal");
  await hoverPoints(page, "#runtree-sweep svg.parallel a[data-run-id] path");
  await hoverPoints(page, "#runtree-sweep figure.scatter a[data-run-id] circle");
  await hoverPoints(page, "#runtree-sweep .best-so-far a[data-run-id] circle");
  await everyOption(page, "select.image-artifact");
  // A sweep whose children logged one point per metric has no curves to overlay.
  if ((await page.locator("#runtree-sweep .overlaid-curves").count()) === 0) return readouts;
  await everyOption(page, "#runtree-sweep .overlaid-curves select#runtree-sweep-metric");
  await page.locator(`#runtree-sweep .overlaid-curves[data-state="ready"]`).first().waitFor();
  readouts.push(...(await hoverCharts(page, "#runtree-sweep .overlaid-curves")));
  return readouts;
}

/** The compare page's views: every x and y of the scatter, the curves hovered. */
export async function compareViews(page: Page): Promise<void> {
  await page.locator(`#runtree-compare[data-state="ready"]`).waitFor();
  await page.locator("input[data-only-differences]").check();
  await everyOption(page, "#runtree-compare-x");
  await page.locator("#runtree-compare-y").selectOption("params.v");
  await hoverPoints(page, "figure.compare-scatter a[data-run-id] circle");
  await page.locator(`figure.compare-curve[data-state="ready"]`).first().waitFor();
  await hoverCharts(page, "figure.compare-curve");
}

/**
 * What is wrong with the page's DOM now, as a list: an `on*` attribute, a script that is not the report's
 * (a `src` outside the site or an inline one other than the JSON block), an element a payload brings
 * (iframe, object, embed, base, a form other than the filter's, meta refresh, style, math), or an href/src/action that resolves
 * outside file:// (a `javascript:` or `data:` URL).
 */
export function auditDom(page: Page): Promise<string[]> {
  // No named helper inside: the callback runs in the page, without the test bundler's helpers.
  return page.locator("html").evaluate((root) => {
    const found: string[] = [];
    const document = root.ownerDocument;
    for (const el of document.querySelectorAll("*")) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`handler ${attr.name}: ${el.outerHTML.slice(0, 160)}`);
        if (/^(href|src|action|formaction|xlink:href|srcdoc|data)$/i.test(attr.name)) {
          const url = new URL(attr.value, document.baseURI);
          if (url.protocol !== "file:") found.push(`${attr.name} to ${url.protocol}: ${el.outerHTML.slice(0, 160)}`);
        }
      }
    }
    for (const el of document.querySelectorAll("iframe, object, embed, base, form:not(.filter), meta[http-equiv=refresh], style, math, frame, frameset")) {
      found.push(`foreign element: ${el.outerHTML.slice(0, 160)}`);
    }
    for (const script of document.querySelectorAll("script")) {
      const src = script.getAttribute("src");
      const ours = src === null ? script.id === "runtree-run" && script.type === "application/json" : new URL(src, document.baseURI).protocol === "file:";
      if (!ours) found.push(`script: ${script.outerHTML.slice(0, 160)}`);
    }
    return found;
  });
}
