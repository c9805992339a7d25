/**
 * Hostile strings (test/cases/hostile-strings.ts) in every user-controlled field, through the writer, the
 * report and a real browser. The writer takes each vector or refuses it with its documented error code
 * (test/cases/hostile-store.ts). Then the generated pages (all, or a sample: `describeHostileStrings`) are
 * opened in headless Chromium twice:
 *
 * - with the page's CSP bypassed, every view opened (test/cases/hostile-views.ts): a payload that got
 *   into the markup would run here, so the canary `__pwned` staying unset and no dialog opening prove the
 *   escaping itself, not only the CSP;
 * - with the CSP enforced: no violation (a blocked inline script or handler) and no script error.
 *
 * After each page: no canary, no navigation away, nothing in the DOM a payload would bring; and the page
 * shows the strings literally (names, param and tag values, previews, headings, options, readouts).
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded); skipped without it, except in CI (CI=true).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { openWatched } from "../browser-page.js";
import { browserSkip, buildBrowserSite, type BrowserSite } from "../browser-site.js";
import { PREVIEW_BYTES } from "../../src/report/artifact-preview.js";
import { MEGABYTE, VECTORS, type Field } from "./hostile-strings.js";
import { accepts, writeHostileStore, type HostileChild, type HostileFixture } from "./hostile-store.js";
import { auditDom, compareViews, experimentViews, runViews } from "./hostile-views.js";
import { filesOf, removeTemps, tempDir } from "../report-fixtures.js";

after(removeTemps);

/** HTML cannot carry a NUL character in text: the parser drops it. Server-rendered text is compared without it. */
const parsed = (text: string): string => text.replace(/\u0000/g, "");

/** The vectors the key rule accepts: param, tag and metric keys and objectives of the store. */
const KEYS = VECTORS.filter((v) => accepts("metricKey", v)).map((v) => v.text);

const canary = (page: Page): Promise<unknown> =>
  page.evaluate(() => {
    const w = globalThis as unknown as { __pwned?: unknown; top: { __pwned?: unknown } | null };
    return w.__pwned ?? w.top?.__pwned;
  });

/**
 * The suite. `walkAll` walks every page with every view opened; without it (`npm test`) the walk takes the
 * site's own pages, the main experiment, the sweeps and one in four of the rest, while the pass with the CSP
 * enforced still opens every page. `npm run stress` walks them all (stress/hostile-strings.stress.ts).
 */
export function describeHostileStrings(walkAll: boolean): void {
  describe(`hostile strings in every field, in the browser${walkAll ? ", every page walked" : ""}`, { skip: browserSkip }, () => {
    let site: BrowserSite;
    let fixture: HostileFixture;
    let bypass: BrowserContext;
    const dialogs: string[] = [];
    const bypassProblems: string[] = [];
    /** Strings a page did not show exactly, as `<page>: <what>`. */
    const mismatches: string[] = [];

    /** Every dialog any page of `context` opens is recorded and dismissed. */
    function watchDialogs(context: BrowserContext): void {
      context.on("page", (page) =>
        page.on("dialog", (dialog) => {
          dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
          void dialog.dismiss();
        }),
      );
    }

    before(async () => {
      site = await buildBrowserSite(async (store) => {
        fixture = await writeHostileStore(store, tempDir());
      });
      watchDialogs(site.context);
      bypass = await site.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      watchDialogs(bypass);
    });
    after(async () => site?.close());

    const pages = (): string[] => filesOf(site.out).filter((file) => file.endsWith(".html")).sort();
    /** The pages opened: all of them, or the site's own, the main experiment, the sweeps and one in four of the rest. */
    const walked = (all: readonly string[]): string[] => {
      const sweeps = new Set([fixture.sweepId, ...fixture.objectiveSweeps.map((sweep) => sweep.id)].map((id) => `runs/${id}/index.html`));
      return all.filter((target, n) => walkAll || n % 4 === 0 || !/^(runs|experiments)\//.test(target) || target.startsWith("experiments/hostile/") || sweeps.has(target));
    };

    test("the writer takes each vector or refuses it with the documented code, and the store has them all", () => {
      assert.ok(VECTORS.length >= 30, `${VECTORS.length} vectors`);
      const fields: Field[] = ["experiment", "runName", "paramKey", "paramValue", "tagKey", "tagValue", "metricKey", "artifact", "objective"];
      const expected = VECTORS.flatMap((v) => fields.filter((f) => !accepts(f, v)).map((f) => `${f}:${v.label}`));
      assert.deepEqual([...fixture.refusals].sort(), expected.sort());
      assert.equal(fixture.children.length, VECTORS.length);
      assert.equal(fixture.experiments.length, VECTORS.filter((v) => accepts("experiment", v)).length);
      assert.deepEqual(fixture.objectiveSweeps.map((s) => s.vector.label), ["__proto__", "constructor", "prototype", "toString", "__proto__ path"]);
    });

    test("the canary is live: with the CSP bypassed an injected script runs, with it enforced it does not", async () => {
      const probe = (page: Page) =>
        page.locator("body").evaluate((body) => {
          const script = body.ownerDocument.createElement("script");
          script.textContent = "window.__probe = 1";
          body.append(script);
          return (globalThis as unknown as { __probe?: number }).__probe ?? 0;
        });
      const open = await openWatched(bypass, site.url("problems.html"), bypassProblems);
      assert.equal(await probe(open), 1, "the CSP is bypassed, so a payload in the markup would run");
      await open.close();
      const guarded: string[] = [];
      const page = await openWatched(site.context, site.url("problems.html"), guarded);
      assert.equal(await probe(page), 0, "the CSP blocks inline scripts");
      await page.close();
    });

    /**
     * The strings `page` (at `target`, its views opened) must show exactly. Server-rendered text is compared
     * through `parsed`, script-rendered text as it is.
     */
    async function showsLiterally(target: string, page: Page, experimentNames: ReadonlyMap<string, string>, readouts: readonly string[]): Promise<number> {
      let checked = 0;
      const seen = (condition: boolean, message: string) => {
        if (!condition) mismatches.push(`${target}: ${message}`);
        checked++;
      };
      if (target.startsWith("experiments/hostile/")) {
        for (const child of fixture.children) {
          const row = page.locator(`#runtree-runs tr[data-run-id="${child.id}"]`);
          seen((await row.locator("td.name a").textContent()) === child.name, `the name of ${child.vector.label}`);
          const cells = await row.locator("td").allTextContents();
          const v = child.vector;
          if (accepts("paramValue", v)) seen(cells.includes(v.text), `param value ${v.label} in ${JSON.stringify(cells).slice(0, 300)}`);
          if (accepts("tagValue", v)) seen(cells.filter((c) => c === v.text).length >= 2, `tag value ${v.label} beside its param value`);
        }
        seen((await page.locator("main p.description").textContent()) === MEGABYTE, "the one-megabyte description, whole and as text");
      } else if (experimentNames.has(target)) {
        const name = experimentNames.get(target)!;
        const run = fixture.experiments.find((e) => e.vector.text === name)!;
        seen((await page.locator("main h1").textContent()) === name, "its heading");
        seen((await page.locator(`tr[data-run-id="${run.runId}"] td.name a`).textContent()) === name, "its run's name");
        seen((await page.locator(`tr[data-run-id="${run.runId}"] td`).allTextContents()).includes(name), "its run's param value");
      } else if (target.startsWith("compare.html#")) {
        seen(JSON.stringify(await page.locator("th[data-run-id] .run-name a").allTextContents()) === JSON.stringify(fixture.children.map((c) => c.name)), "the runs' names");
        const values = await page.locator(`tr[data-param-key="v"] td`).allTextContents();
        for (const child of fixture.children.filter((c) => accepts("paramValue", c.vector))) seen(values.includes(child.vector.text), child.vector.label);
      } else if (target === `runs/${fixture.sweepId}/index.html`) {
        const options = await page.locator("#runtree-sweep-objective option").allTextContents();
        for (const key of KEYS) seen(options.includes(key), `objective option ${key} in ${JSON.stringify(options)}`);
        const axes = await page.locator("#runtree-sweep svg.parallel .axis-label").allTextContents();
        seen(KEYS.some((key) => axes.some((label) => label.startsWith(key))), `a hostile param key labels an axis: ${JSON.stringify(axes)}`);
        seen(readouts.some((text) => fixture.children.some((c) => text.includes(c.name))), `a curve's readout names its run: ${JSON.stringify(readouts)}`);
      }
      const sweep = fixture.objectiveSweeps.find((s) => target === `runs/${s.id}/index.html`);
      if (sweep) {
        seen((await page.locator("p.objective code").textContent()) === sweep.vector.text, "the objective");
        // The views walked every objective; what matters here is that the chooser names this one as text.
        seen((await page.locator("#runtree-sweep-objective option").allTextContents()).includes(sweep.vector.text), "the sweep view offers it");
      }
      const child = fixture.children.find((c) => target === `runs/${c.id}/index.html`);
      if (child) checked += await childShowsLiterally(target, page, child, readouts);
      return checked;
    }

    async function childShowsLiterally(target: string, page: Page, child: HostileChild, readouts: readonly string[]): Promise<number> {
      const v = child.vector;
      const kv = (table: string) =>
        page.locator(`table.kv.${table} tr`).evaluateAll((rows) => rows.map((tr) => [tr.querySelector("th")?.textContent, tr.querySelector("td")?.textContent]));
      const params = await kv("params");
      const tags = await kv("tags");
      const checks: Array<[boolean, string]> = [
        [(await page.locator("main h1").textContent()) === parsed(child.name), "its heading"],
        // Text with a NUL is binary to the previews: named so, not shown.
        v.text.includes("\u0000")
          ? [(await page.locator(`li[data-artifact="notes.txt"] .note`).textContent()) === "no preview: binary content", "notes.txt named binary"]
          : [(await page.locator(`li[data-artifact="notes.txt"] pre.artifact-preview`).textContent()) === v.text.slice(0, PREVIEW_BYTES), "the preview of notes.txt"],
      ];
      if (accepts("paramValue", v)) checks.push([params.some(([k, value]) => k === "v" && value === parsed(v.text)), "param value"]);
      if (accepts("tagValue", v)) checks.push([tags.some(([k, value]) => k === "t" && value === parsed(v.text)), "tag value"]);
      if (accepts("paramKey", v)) checks.push([params.some(([k]) => k === v.text), "param key"]);
      if (accepts("tagKey", v)) checks.push([tags.some(([k]) => k === v.text), "tag key"]);
      if (accepts("metricKey", v)) checks.push([(await page.locator("table.metrics tbody th, table.metrics tbody td").allTextContents()).includes(v.text), "metric key"]);
      // A name with a control character is not copied into the report (reported on the problems page instead).
      if (accepts("artifact", v) && !/[\u0000-\u001f\u007f]/.test(v.text)) {
        const names = await page.locator("ul.artifacts li[data-artifact] a.artifact-link").allTextContents();
        checks.push([names.includes(v.text), `artifact name in ${JSON.stringify(names)}`]);
      }
      for (const key of KEYS) checks.push([readouts.some((text) => text.includes(` ${key} `)), `the readout of chart ${key} in ${JSON.stringify(readouts)}`]);
      for (const [ok, what] of checks) if (!ok) mismatches.push(`${target} (${v.label}): ${what}`);
      return checks.length;
    }

    test("every page, every view opened, CSP bypassed: no payload runs, nothing foreign is in the DOM, the strings show literally", async () => {
      const all = pages();
      assert.ok(all.length > 100, `${all.length} pages`);
      const page = await openWatched(bypass, site.url("index.html"), bypassProblems);
      // Experiment pages by their exact name in the index: each named experiment must be found by it.
      const links = await page.locator("table.experiments td.name a").evaluateAll((as) => as.map((a) => [a.textContent ?? "", a.getAttribute("href") ?? ""]));
      const experimentNames = new Map(links.filter(([name]) => fixture.experiments.some((e) => e.vector.text === name)).map(([name, href]) => [href, name]));
      assert.equal(experimentNames.size, fixture.experiments.length, "every experiment named by a vector is in the index by its exact name");
      let checked = 0;
      for (const target of [`compare.html#runs=${fixture.children.map((c) => c.id).join(",")}`, ...walked(all)]) {
        checked += await walk(page, target, experimentNames).catch((error: unknown) => {
          // A timeout or a failed locator says nothing of the page: name it.
          if (error instanceof Error && !error.message.includes(target)) error.message = `${target}: ${error.message}`;
          throw error;
        });
      }
      await page.close();
      assert.deepEqual(mismatches, []);
      assert.ok(checked > (walkAll ? 500 : 200), `${checked} strings compared`);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(bypassProblems, []);
    });

    /** Opens `target` in `page` with every view, checks that nothing ran or got in, and what it shows; returns the strings compared. */
    async function walk(page: Page, target: string, experimentNames: ReadonlyMap<string, string>): Promise<number> {
      const script = VECTORS[0]!.text;
      let readouts: string[] = [];
      await page.goto(site.url(target));
      const kind = await page.locator("body").getAttribute("data-page");
      if (kind === "experiment") {
        const matched = await experimentViews(page, `attributes.run_name = '${script}'`);
        if (target.startsWith("experiments/hostile/")) assert.equal(matched, `1 of ${VECTORS.length + 1 + 5 * 4} runs match`, "the hostile quoted filter finds the one run named by it");
      } else if (kind === "run") {
        readouts = await runViews(page, fixture.children.some((c) => target === `runs/${c.id}/index.html`));
      } else if (kind === "compare" && target.includes("#runs=")) {
        await compareViews(page);
      }
      assert.equal(await canary(page), undefined, `${target}: a payload ran`);
      assert.deepEqual(await auditDom(page), [], target);
      assert.equal(new URL(page.url()).pathname, new URL(site.url(target)).pathname, `${target}: the page navigated away`);
      return showsLiterally(target, page, experimentNames, readouts);
    }

    test("every page with the CSP enforced: no violation, no script error, no dialog, no request outside the site", async () => {
      const page = await site.open("problems.html");
      for (const target of [`compare.html#runs=${fixture.children.map((c) => c.id).join(",")}`, ...walked(pages())]) {
        await page.goto(site.url(target));
        const kind = await page.locator("body").getAttribute("data-page");
        if (kind === "experiment") await page.locator("#runtree-runs table.runs.interactive, #runtree-runs p.empty").first().waitFor();
        if (kind === "compare" && target.includes("#runs=")) await page.locator(`#runtree-compare[data-state="ready"]`).waitFor();
        if ((await page.locator("#runtree-sweep").count()) > 0) await page.locator("#runtree-sweep.enhanced").waitFor();
        assert.equal(await canary(page), undefined, target);
      }
      await page.close();
      assert.deepEqual(site.problems, []);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(site.requests.filter((url) => !url.startsWith("file://")), []);
    });
  });
}
