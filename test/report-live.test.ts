/**
 * The files of a `report --watch` build (live pages, see src/report/live-pages.ts), checked on real builds:
 * every page names `version.js` and its own `.live.js`, which hands over what the page shows; the token in
 * `version.js` moves exactly when a rebuild wrote something, and a page's version exactly when what it
 * shows (its markup or the data files it loads) changed; an incremental live build equals a clean one but
 * for the token; switching between live and plain builds rebuilds clean; a plain build has none of it.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import { tokenIn, VERSION_FILE } from "../src/report/live-pages.js";
import { PAGE_CALLBACK, type LivePage } from "../src/report/page-data.js";
import { fakeAssets, filesOf, hashTree, removeTemps, tempDir } from "./report-fixtures.js";

after(removeTemps);

async function makeStore() {
  const root = join(tempDir(), "mlruns");
  let now = Date.UTC(2026, 0, 1);
  const store = openStore(root, { clock: () => (now += 1000), captureSource: false, fsync: false });
  const exp = store.experiment("live <&> \"x\"");
  const sweep = exp.startRun({ name: "sweep</main><script>", objective: { metric: "loss", goal: "min" } });
  const running = sweep.startChild({ name: "running", params: { lr: 0.1 } });
  for (let step = 0; step < 3; step++) running.logMetric("loss", 1 - step / 10, { step });
  return { root, exp, sweep, running };
}

/** What a page's `.live.js` hands over, by running it the way the page does. */
function livePageOf(out: string, page: string): LivePage {
  const script = readFileSync(join(out, page.replace(/\.html$/, ".live.js")), "utf8");
  let got: unknown;
  new Function("window", script)({ [PAGE_CALLBACK]: (value: unknown) => (got = value) });
  return got as LivePage;
}

const versionOf = (out: string, page: string) => /data-live-version="([0-9a-f]+)"/.exec(readFileSync(join(out, page), "utf8"))?.[1];
const tokenOf = (out: string) => tokenIn(readFileSync(join(out, VERSION_FILE), "utf8"));

describe("a live build", () => {
  test("every page polls version.js and has a .live.js with what it shows", async () => {
    const s = await makeStore();
    const out = join(tempDir(), "site");
    await buildReport({ store: s.root, out, assets: fakeAssets(tempDir()), live: true });
    const pages = filesOf(out).filter((path) => path.endsWith(".html"));
    assert.ok(pages.includes(`runs/${s.running.id}/index.html`) && pages.includes("index.html"));
    for (const page of pages) {
      const html = readFileSync(join(out, page), "utf8");
      const depth = page.split("/").length - 1;
      const body = /<body ([^>]*)>/.exec(html)?.[1] ?? "";
      assert.match(body, new RegExp(`data-live="${"../".repeat(depth)}version\\.js"`), page);
      assert.match(body, new RegExp(`data-live-page="${page.split("/").pop()!.replace(".html", "")}\\.live\\.js"`), page);
      const live = livePageOf(out, page);
      assert.equal(live.version, versionOf(out, page), page);
      assert.ok(html.includes(`<main>\n${live.main}\n</main>`), `${page}: .live.js holds the page's <main>`);
      assert.ok(live.main.length > 0);
    }
    // User text stays escaped in what a live page swaps in; the title is handed over as text.
    const run = livePageOf(out, `runs/${s.sweep.id}/index.html`);
    assert.ok(!run.main.includes("</main><script>") && run.main.includes("sweep&lt;/main&gt;&lt;script&gt;"));
    assert.ok(run.title.includes("sweep</main><script>"));
    assert.ok(tokenOf(out));
  });

  test("the token moves when a rebuild writes, pages' versions when what they show changes", async () => {
    const s = await makeStore();
    const assets = fakeAssets(tempDir());
    const out = join(tempDir(), "site");
    const options = { store: s.root, out, assets, live: true };
    await buildReport(options);
    const runPage = `runs/${s.running.id}/index.html`;
    const expPage = filesOf(out).find((path) => /^experiments\/[^/]+\/index\.html$/.test(path))!;
    const token = tokenOf(out);
    const versions = { run: versionOf(out, runPage), exp: versionOf(out, expPage), index: versionOf(out, "index.html") };
    assert.ok(versions.exp && versions.run && versions.index);

    const same = await buildReport(options);
    assert.equal(same.written, 0, "nothing changed, nothing written");
    assert.equal(tokenOf(out), token, "and the token is kept: open pages have nothing to do");

    for (let step = 3; step < 6; step++) s.running.logMetric("loss", 0.5, { step });
    const after = await buildReport(options);
    assert.equal(after.incremental, true);
    assert.ok(after.written > 0);
    assert.notEqual(tokenOf(out), token);
    assert.notEqual(versionOf(out, runPage), versions.run, "the running child's page changed");
    assert.notEqual(versionOf(out, expPage), versions.exp, "the experiment's latest values changed");
    assert.equal(versionOf(out, "index.html"), versions.index, "the index shows nothing that changed");

    const clean = await buildReport({ ...options, out: join(tempDir(), "clean") });
    const ours = hashTree(out);
    const theirs = hashTree(clean.out);
    ours.delete(VERSION_FILE);
    theirs.delete(VERSION_FILE);
    assert.deepEqual(ours, theirs, "an incremental live build equals a clean one, but for the token");
  });

  test("a plain build has no live files, and switching between plain and live rebuilds clean", async () => {
    const s = await makeStore();
    const assets = fakeAssets(tempDir());
    const out = join(tempDir(), "site");
    await buildReport({ store: s.root, out, assets });
    assert.equal(existsSync(join(out, VERSION_FILE)), false);
    assert.ok(!filesOf(out).some((path) => path.endsWith(".live.js")));
    assert.ok(!readFileSync(join(out, "index.html"), "utf8").includes("data-live"));
    const live = await buildReport({ store: s.root, out, assets, live: true });
    assert.equal(live.incremental, false);
    const plain = await buildReport({ store: s.root, out, assets });
    assert.equal(plain.incremental, false);
    assert.ok(!filesOf(out).some((path) => path.endsWith(".live.js") || path === VERSION_FILE), "the live files are removed");
  });
});
