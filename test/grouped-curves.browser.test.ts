/**
 * Grouped curves in the sweep view, in a real browser from file://: the children's curves grouped by a
 * param draw one line per value with the mean and a min–max band, a legend with each value's count, a
 * hover readout with the mean, min, max and count at a step, and the grouping in the URL hash.
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded); skipped without it, except in CI (CI=true).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { openStore } from "../src/index.js";
import { browserSkip, buildBrowserSite, type BrowserSite } from "./browser-site.js";

let sweepId = "";
/** lr 0.1: seeds 0, 1, 2 (seed 2 stops after step 4); lr 0.01: seeds 0, 1; one child without lr. */
const CHILDREN = [
  { lr: 0.1, seed: 0, steps: 10 },
  { lr: 0.1, seed: 1, steps: 10 },
  { lr: 0.1, seed: 2, steps: 5 },
  { lr: 0.01, seed: 0, steps: 10 },
  { lr: 0.01, seed: 1, steps: 10 },
  { lr: undefined, seed: 0, steps: 10 },
];
const BASE = new Map<number | undefined, number>([[0.1, 1], [0.01, 3], [undefined, 5]]);
/** A child's loss at a step: its group's base, 0.2 per seed, down 0.01 a step. */
const loss = (lr: number | undefined, seed: number, step: number) => BASE.get(lr)! + seed * 0.2 - step * 0.01;

async function write(dir: string): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(dir, { clock: () => (now += 1000), captureSource: false, fsync: false });
  await store.experiment("Groups").run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    sweepId = sweep.id;
    for (const [i, child] of CHILDREN.entries()) {
      const params = { seed: child.seed, opt: i % 2 === 0 ? "adam" : "sgd", ...(child.lr !== undefined && { lr: child.lr }) };
      await sweep.child({ name: `c-${i}`, params }, (run) => {
        for (let step = 0; step < child.steps; step++) run.logMetric("loss", loss(child.lr, child.seed, step), { step });
      });
    }
  });
}

/** A group's mean, min, max and count at a step, from the children's own values. */
function expected(lr: number | undefined, step: number): [number, number, number, number] {
  const values = CHILDREN.filter((c) => c.lr === lr && step < c.steps).map((c) => loss(lr, c.seed, step));
  return [values.reduce((a, b) => a + b, 0) / values.length, Math.min(...values), Math.max(...values), values.length];
}

/** The numbers of a readout `lr = 0.1 · step 2: loss mean 1.18 (min 0.98, max 1.38, 3 runs)`. */
function readoutNumbers(text: string): { step: number; values: [number, number, number, number] } {
  const match = /^lr = 0\.1 · step (\d+): loss mean (\S+) \(min (\S+), max (\S+), (\d+) runs?\)$/.exec(text);
  assert.ok(match, `a group's readout: ${text}`);
  const [, step, ...values] = match.map(Number);
  return { step: step!, values: values as [number, number, number, number] };
}

describe("grouped curves in the sweep view", { skip: browserSkip }, () => {
  let site: BrowserSite;

  before(async () => {
    site = await buildBrowserSite(write);
  });
  after(async () => site?.close());

  async function open(hash = ""): Promise<Page> {
    const page = await site.open(`runs/${sweepId}/index.html${hash}`);
    await page.locator(`#runtree-sweep .overlaid-curves[data-state="ready"]`).waitFor();
    return page;
  }
  const figure = (page: Page) => page.locator("#runtree-sweep figure.overlaid-curves");
  const legend = (page: Page) =>
    page.$$eval("#runtree-sweep ul.curve-groups li", (items) => items.map((li) => [li.getAttribute("data-group"), li.getAttribute("data-count"), li.textContent]));

  test("grouped by lr: one line per value with its count, the children without lr last; the grouping in the hash", async () => {
    const page = await open();
    assert.equal(await figure(page).getAttribute("data-curves"), "6");
    const bestNote = page.locator("#runtree-sweep figure.overlaid-curves figcaption .best-note");
    assert.equal(await bestNote.isVisible(), true);
    await page.locator("#runtree-sweep-group").selectOption("lr");
    await figure(page).and(page.locator('[data-group-by="lr"][data-groups="3"]')).waitFor();
    assert.equal(await bestNote.isVisible(), false, "grouped, no single child is highlighted");
    assert.deepEqual(await legend(page), [
      ["0.01", "2", "lr = 0.01 (2 runs)"],
      ["0.1", "3", "lr = 0.1 (3 runs)"],
      ["", "1", "no lr (1 run)"],
    ]);
    assert.ok(new URL(page.url()).hash.replace(/^#/, "").split("&").includes("cg=lr"), page.url());
    // Each group's colour differs, and the chart has a canvas to hover.
    const colors = await page.$$eval("#runtree-sweep ul.curve-groups li", (items) => items.map((li) => li.getAttribute("data-color")));
    assert.equal(new Set(colors).size, 3);
    await page.close();
  });

  test("hovering the lowest group at a step reads its mean, min, max and the children counted there", async () => {
    const page = await open("#cg=lr");
    await figure(page).and(page.locator('[data-group-by="lr"]')).waitFor();
    const over = page.locator("#runtree-sweep figure.overlaid-curves .u-over");
    await over.scrollIntoViewIfNeeded();
    const box = await over.boundingBox();
    assert.ok(box);
    const readout = page.locator("#runtree-sweep figure.overlaid-curves .readout");
    // Near the bottom the lr = 0.1 group's mean is nearest; at step 2 three children count, at step 7 two.
    for (const [fraction, step] of [[2 / 9, 2], [7 / 9, 7]] as const) {
      await page.mouse.move(box.x + box.width * fraction, box.y + box.height - 2);
      await readout.and(page.locator('[data-group="0.1"]')).waitFor();
      const read = readoutNumbers((await readout.textContent()) ?? "");
      assert.equal(read.step, step);
      expected(0.1, step).forEach((value, i) => assert.ok(Math.abs(read.values[i]! - value) < 1e-9, `${read.values.join(", ")} against ${expected(0.1, step).join(", ")}`));
    }
    await page.close();
  });

  test("back to each child's curve drops the grouping from the page and the hash; a shared link groups by its param", async () => {
    const page = await open("#cg=opt");
    await figure(page).and(page.locator('[data-group-by="opt"][data-groups="2"]')).waitFor();
    assert.deepEqual((await legend(page)).map(([value, count]) => [value, count]), [["adam", "3"], ["sgd", "3"]]);
    await page.locator("#runtree-sweep-group").selectOption("");
    await figure(page).and(page.locator(":not([data-group-by])")).waitFor();
    assert.equal(await page.locator("#runtree-sweep ul.curve-groups").count(), 0);
    assert.ok(!new URL(page.url()).hash.includes("cg="));
    await page.close();
  });

  test("a param the sweep does not have is ignored in a link", async () => {
    const page = await open("#cg=nope");
    assert.equal(await page.locator("#runtree-sweep-group").inputValue(), "");
    assert.equal(await figure(page).getAttribute("data-group-by"), null);
    await page.close();
  });

  test("no page made a request beyond the site or hit the CSP", () => {
    assert.deepEqual(site.requests.filter((url) => !url.startsWith("file://")), []);
    assert.deepEqual(site.problems, []);
  });
});
