/**
 * The sweep view's parameter importance and the artifacts people look at, in a real browser from file://:
 * `li[data-param-importance][data-key]` in rank order with sorted bars (one driving param first and the
 * others near zero; two params at their known ratio; the ranking follows the chosen objective); image
 * artifacts as thumbnails that load and open full size, text previews shown as text, SVG only as a link;
 * one image artifact of every child side by side, chosen in a select, its path in the URL hash. No script
 * error, no CSP violation, no request outside the site.
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded); skipped without it, except in CI (CI=true).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { seededRandom } from "../scripts/seeded-random.js";
import { openStore } from "../src/index.js";
import { browserSkip, buildBrowserSite, type BrowserSite } from "./browser-site.js";
import { tempDir, removeTemps } from "./report-fixtures.js";

after(removeTemps);

/** A valid grey PNG of `width` × 2 pixels, so a loaded thumbnail tells its child by its natural width. */
function png(width: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * 2, 0x80);
  rows[0] = 0;
  rows[width + 1] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

const ids: Record<string, string> = {};
const HOSTILE = `x"'><img src=x onerror=alert(1)>&#?%20.png`;
const RATIO_TRIALS = 120;

/** Seeded trials: a and b uniform, lr log-uniform, opt one of three, seed constant. */
function trials(seed: number, n: number) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => ({
    a: Math.round(random() * 1e4) / 1e4,
    b: Math.round(random() * 1e4) / 1e4,
    lr: Number((10 ** (-5 + 4 * random())).toPrecision(3)),
    opt: ["sgd", "adam", "rmsprop"][Math.floor(random() * 3)]!,
    seed: 1,
  }));
}

/**
 * "Tune": sweep "ratio" (loss = 2a + b, and only_b = b), each child with confusion.png (width i + 1) and
 * two with samples/out.png; sweep "valley" (loss depends on lr only, not monotonically); "Files": a run
 * with a PNG, a JSON whose text looks like markup, and an SVG.
 */
async function write(dir: string): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false, fsync: false });
  const local = tempDir();
  const tune = store.experiment("Tune");
  await tune.run({ name: "ratio", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["ratio"] = sweep.id;
    for (const [i, p] of trials(11, RATIO_TRIALS).entries()) {
      await sweep.child({ name: `r-${i}`, params: p }, (child) => {
        ids[`r-${i}`] = child.id;
        child.logMetrics({ loss: 2 * p.a + p.b, only_b: p.b });
        const file = join(local, `r-${i}.png`);
        writeFileSync(file, png(i + 1));
        child.logArtifact(file, "confusion.png");
        if (i === 3 || i === 7) child.logArtifact(file, "samples/out.png");
        if (i === 5) child.logArtifact(file, HOSTILE);
      });
    }
  });
  await tune.run({ name: "valley", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["valley"] = sweep.id;
    for (const [i, p] of trials(12, 100).entries()) {
      await sweep.child({ name: `v-${i}`, params: { lr: p.lr, a: p.a, opt: p.opt } }, (child) => {
        child.logMetric("loss", (Math.log10(p.lr) + 3) ** 2);
      });
    }
  });
  await store.experiment("Files").run({ name: "files" }, (run) => {
    ids["files"] = run.id;
    const file = join(local, "plot.png");
    writeFileSync(file, png(40));
    run.logArtifact(file, "plots/loss.png");
    run.logText('{"html": "<img src=x onerror=alert(1)>"}', "cfg.json");
    run.logText('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "fig.svg");
  });
}

describe("parameter importance and artifacts in the browser", { skip: browserSkip }, () => {
  let site: BrowserSite;

  before(async () => {
    site = await buildBrowserSite(write);
  });
  after(async () => site?.close());

  async function openRun(name: string, hash = ""): Promise<Page> {
    const page = await site.open(`runs/${ids[name]}/index.html${hash}`);
    await page.locator("#runtree-sweep.enhanced, main").first().waitFor();
    return page;
  }

  /** The image's natural width once it has loaded (polled with evaluate: the page's CSP refuses eval'd predicates). */
  async function loadedWidth(page: Page, selector: string): Promise<number> {
    const img = page.locator(selector);
    await img.scrollIntoViewIfNeeded();
    for (let tries = 0; tries < 200; tries++) {
      const width = await img.evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete ? image.naturalWidth : -1;
      });
      if (width >= 0) return width;
      await page.waitForTimeout(50);
    }
    throw new Error(`${selector} never loaded`);
  }

  const ranking = (page: Page) =>
    page.$$eval("ol.param-importance > li[data-param-importance]", (lis) =>
      lis.map((li) => ({ key: li.getAttribute("data-key") ?? "", value: Number(li.getAttribute("data-param-importance")), bar: Number(li.querySelector("rect.importance-fill")?.getAttribute("width")) })),
    );

  test("one param drives the objective: it ranks first, the others near zero", async () => {
    const page = await openRun("valley");
    await page.locator("ol.param-importance li").first().waitFor();
    const items = await ranking(page);
    assert.deepEqual(items.map((i) => i.key).slice(0, 1), ["lr"]);
    assert.equal(items.length, 3, "a, lr, opt vary");
    assert.ok(items[0]!.value > 0.9, String(items[0]!.value));
    for (const item of items.slice(1)) assert.ok(item.value < 0.05, `${item.key} ${item.value}`);
    await page.close();
  });

  test("two params at a known ratio rank in that order, at roughly that ratio, with bars sorted alike", async () => {
    const page = await openRun("ratio");
    await page.locator("ol.param-importance li").first().waitFor();
    const items = await ranking(page);
    assert.deepEqual(items.slice(0, 2).map((i) => i.key), ["a", "b"]);
    assert.ok(!items.some((i) => i.key === "seed"), "a constant param is left out");
    const ratio = items[0]!.value / items[1]!.value;
    assert.ok(ratio > 2.5 && ratio < 6, `ratio ${ratio}`);
    for (let i = 1; i < items.length; i++) {
      assert.ok(items[i - 1]!.value >= items[i]!.value, "rank order");
      assert.ok(items[i - 1]!.bar >= items[i]!.bar, "bars sorted");
    }
    assert.ok(Math.abs(items[0]!.bar - items[0]!.value * 100) < 0.01);
    await page.close();
  });

  test("the ranking follows the chosen objective", async () => {
    const page = await openRun("ratio");
    await page.locator("#runtree-sweep-objective").selectOption("only_b");
    await page.locator(`ol.param-importance li[data-key="b"]:first-child`).waitFor();
    const items = await ranking(page);
    assert.equal(items[0]!.key, "b");
    assert.ok(items[0]!.value > 0.9);
    await page.close();
  });

  test("a run page shows image artifacts as thumbnails that load and open full size; text as text; SVG as a link", async () => {
    const page = await openRun("files");
    assert.equal(await loadedWidth(page, `li[data-artifact="plots/loss.png"] a.thumb img`), 40);
    assert.equal(await page.locator(`li[data-artifact="plots/loss.png"] a.thumb`).getAttribute("href"), "artifacts/plots/loss.png");
    assert.equal(await page.locator(`li[data-artifact="cfg.json"] pre.artifact-preview`).textContent(), '{"html": "<img src=x onerror=alert(1)>"}');
    assert.equal(await page.locator(`li[data-artifact="cfg.json"] img`).count(), 0);
    assert.equal(await page.locator(`li[data-artifact="fig.svg"] img, li[data-artifact="fig.svg"] svg`).count(), 0);
    assert.equal(await page.locator(`li[data-artifact="fig.svg"] a`).getAttribute("href"), "artifacts/fig.svg.txt");
    await page.close();
  });

  test("one image artifact of every child side by side, chosen in a select, kept in the hash", async () => {
    const page = await openRun("ratio");
    const figures = page.locator("figure.child-image[data-run-id]");
    await figures.first().waitFor();
    assert.equal(await figures.count(), RATIO_TRIALS);
    assert.deepEqual(await page.locator("select.image-artifact option").allTextContents(), ["confusion.png", "samples/out.png", HOSTILE]);
    assert.equal(await loadedWidth(page, `figure.child-image[data-run-id="${ids["r-4"]}"] img`), 5, "the child's own image");
    await page.locator("select.image-artifact").selectOption("samples/out.png");
    assert.equal(await page.locator("figure.child-image img").count(), 2);
    assert.equal(await page.locator("figure.child-image .chart-empty").count(), RATIO_TRIALS - 2);
    assert.match(page.url(), /[#&]i=samples%2Fout\.png/);
    const again = await openRun("ratio", `#i=${encodeURIComponent("samples/out.png")}`);
    await again.locator("figure.child-image").first().waitFor();
    assert.equal(await again.locator("select.image-artifact").inputValue(), "samples/out.png");
    assert.deepEqual(
      await again.$$eval("figure.child-image img", (imgs) => imgs.map((img) => img.closest("figure")?.getAttribute("data-run-id"))),
      [ids["r-3"], ids["r-7"]],
    );
    await page.close();
    await again.close();
  });

  test("a hostile image name is an option's text and a path inside the child's folder, nothing more", async () => {
    const page = await openRun("ratio", `#i=${encodeURIComponent(HOSTILE)}`);
    await page.locator("figure.child-image").first().waitFor();
    assert.equal(await page.locator("select.image-artifact").inputValue(), HOSTILE);
    assert.equal(await page.locator("figure.child-image img").count(), 1);
    assert.equal(await page.locator("img[src='x']").count(), 0);
    assert.equal(await loadedWidth(page, `figure.child-image[data-run-id="${ids["r-5"]}"] img`), 6);
    const src = await page.locator(`figure.child-image[data-run-id="${ids["r-5"]}"] img`).getAttribute("src");
    assert.equal(decodeURIComponent(src ?? ""), `../${ids["r-5"]}/artifacts/${HOSTILE}`);
    await page.close();
  });

  test("no script error, no CSP violation, no request outside the site", () => {
    assert.deepEqual(site.problems, []);
    for (const url of site.requests) assert.ok(url.startsWith("file://"), url);
  });
});
