/**
 * The experiment page of a report built with `--base` in a real browser, on a real git history: rows of the
 * runs added since the base carry `data-new="true"` and a "new" badge, the "new since <short sha>" toggle
 * keeps only them (with their ancestors) and lives in the URL hash, and the commit column shows each run's
 * commit (short id, dirty mark, branch on hover, a link only for https remotes of known forges, never a
 * credential), sorts, and can be filtered with `attributes.git_commit`.
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded); skipped without it, except in CI (CI=true).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { experimentDir } from "../src/format/experiment-dir.js";
import type { SourceFile } from "../src/format/records.js";
import { buildReport } from "../src/report/build.js";
import { id, writeExperiment, type RunSpec } from "./report-fixtures.js";
import { newRepo, removeAll } from "./workers/git-repo.js";
import { browserSkip } from "./browser-site.js";

process.env["GIT_CEILING_DIRECTORIES"] = tmpdir();
const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skip = browserSkip;

const OLD = "a".repeat(40);
const NEW = "b".repeat(40);
const OTHER = "c".repeat(40);
const source = (commit: string, git: Partial<NonNullable<SourceFile["git"]>> = {}): { extra: { source: SourceFile } } => ({
  extra: { source: { git: { commit, dirty: false, ...git } } },
});

/** At the base: a sweep with two trials and a lone run. */
const BEFORE: RunSpec[] = [
  { n: 1, name: "sweep", ...source(OLD, { branch: "main", remote: "https://github.com/acme/models.git" }) },
  { n: 2, parent: 1, name: "trial-1", params: { lr: 0.1 }, ...source(OLD, { branch: "main", remote: "https://github.com/acme/models.git" }) },
  { n: 3, parent: 1, name: "trial-2", params: { lr: 0.2 }, ...source(OTHER, { remote: "git@github.com:acme/models.git" }) },
  { n: 10, name: "lone" },
];
/** Since: a third trial (dirty, from a token-bearing remote) and a new top-level run. */
const SINCE: RunSpec[] = [
  { n: 4, parent: 1, name: "trial-3", params: { lr: 0.3 }, ...source(NEW, { branch: "feature/x", dirty: true, remote: "https://bot:ghp_secret@github.com/acme/models.git" }) },
  { n: 11, name: "fresh", ...source(NEW, { branch: "feature/x" }) },
];

describe("an experiment page built with --base", { skip }, () => {
  const temps: string[] = [];
  let browser: Browser;
  let page = "";
  let base = "";
  const problems: string[] = [];
  const requests: string[] = [];

  before(async () => {
    const repo = newRepo(temps);
    const store = join(repo.dir, "mlruns");
    writeExperiment(store, "tuning", BEFORE);
    base = repo.commit("the base");
    writeExperiment(store, "tuning", [...BEFORE, ...SINCE]);
    const script = join(repo.dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    const out = join(repo.dir, "site");
    await buildReport({ store, out, base, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    page = pathToFileURL(join(out, "experiments", experimentDir("tuning"), "index.html")).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
  });

  after(async () => {
    await browser?.close();
    removeAll(temps);
  });

  async function open(hash = ""): Promise<Page> {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    tab.on("pageerror", (error) => problems.push(error.message));
    tab.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    tab.on("request", (request) => requests.push(request.url()));
    await tab.goto(page + hash);
    await tab.waitForSelector("#runtree-runs table.runs.interactive");
    return tab;
  }

  /** Every row shown, as `name` plus ` [new]` when the row says it is new, once no step is waiting. */
  async function rows(tab: Page): Promise<string[]> {
    await tab.waitForSelector("#runtree-runs:not([aria-busy])");
    return tab.$$eval("#runtree-runs tbody tr[data-run-id]", (trs) =>
      trs.map((tr) => {
        const name = tr.querySelector("td.name a")?.textContent ?? "";
        const isNew = tr.getAttribute("data-new") === "true";
        const badge = tr.querySelector("td.name .badge-new") !== null;
        return isNew === badge ? `${name}${isNew ? " [new]" : ""}` : `${name} [data-new and badge disagree]`;
      }),
    );
  }

  test("exactly the rows of runs added since the base carry data-new and the badge", async () => {
    const tab = await open();
    await tab.locator("button", { hasText: "Expand all" }).click();
    assert.deepEqual(await rows(tab), ["sweep", "trial-1", "trial-2", "trial-3 [new]", "lone", "fresh [new]"]);
    assert.equal(await tab.locator("td.name .badge-new").first().getAttribute("title"), `not in the store at ${base.slice(0, 7)}`);
    await tab.close();
  });

  test("the new-since toggle keeps the new runs under their ancestors, and the hash keeps the toggle", async () => {
    const tab = await open();
    const toggle = tab.locator("input[type=checkbox][data-new-only]");
    assert.equal((await tab.locator("label.new-only").textContent())?.trim(), `new since ${base.slice(0, 7)}`);
    await toggle.check();
    assert.deepEqual(await rows(tab), ["sweep", "trial-3 [new]", "fresh [new]"]);
    assert.equal(await tab.locator(".match-count").textContent(), "2 of 6 runs match");
    assert.match(tab.url(), /#.*\bn=1\b/);
    const again = await open(new URL(tab.url()).hash);
    assert.equal(await again.locator("input[type=checkbox][data-new-only]").isChecked(), true);
    assert.deepEqual(await rows(again), ["sweep", "trial-3 [new]", "fresh [new]"]);
    // With a filter too: both must hold.
    const box = again.locator("#runtree-runs input[type=search]");
    await box.fill("params.lr >= 0.2");
    await box.press("Enter");
    assert.deepEqual(await rows(again), ["sweep", "trial-3 [new]"]);
    await again.locator("input[type=checkbox][data-new-only]").uncheck();
    assert.deepEqual(await rows(again), ["sweep", "trial-2", "trial-3 [new]"]);
    assert.doesNotMatch(again.url(), /\bn=1\b/);
    await tab.close();
    await again.close();
  });

  test("the commit column: short id, dirty mark, branch on hover, a forge link only for an https remote, no credential", async () => {
    const tab = await open();
    await tab.locator("button", { hasText: "Expand all" }).click();
    await rows(tab);
    const cells = await tab.$$eval("#runtree-runs tbody tr[data-run-id]", (trs) =>
      trs.map((tr) => {
        const cell = tr.querySelector("td.commit");
        const link = cell?.querySelector("a");
        return {
          name: tr.querySelector("td.name a")?.textContent ?? "",
          text: cell?.textContent ?? null,
          href: link?.getAttribute("href") ?? null,
          title: (link ?? cell?.querySelector("[title]"))?.getAttribute("title") ?? null,
        };
      }),
    );
    const github = (sha: string) => `https://github.com/acme/models/commit/${sha}`;
    assert.deepEqual(cells, [
      { name: "sweep", text: "aaaaaaa", href: github(OLD), title: `${OLD} on main` },
      { name: "trial-1", text: "aaaaaaa", href: github(OLD), title: `${OLD} on main` },
      { name: "trial-2", text: "ccccccc", href: null, title: OTHER },
      { name: "trial-3", text: "bbbbbbb*", href: github(NEW), title: `${NEW} on feature/x, with uncommitted changes` },
      { name: "lone", text: "", href: null, title: null },
      { name: "fresh", text: "bbbbbbb", href: null, title: `${NEW} on feature/x` },
    ]);
    assert.doesNotMatch(await tab.content(), /ghp_secret|bot:/);
    await tab.close();
  });

  test("the commit column sorts, and the filter box selects by commit prefix", async () => {
    const tab = await open();
    await tab.locator('button[data-sort="attributes.git_commit"]').click();
    assert.deepEqual(await rows(tab), ["sweep", "fresh [new]", "lone"], "aaa…, bbb…, then no commit");
    await tab.locator('button[data-sort="attributes.git_commit"]').click();
    assert.deepEqual(await rows(tab), ["fresh [new]", "sweep", "lone"], "descending; a run without a commit still last");
    const box = tab.locator("#runtree-runs input[type=search]");
    await box.fill("attributes.git_commit LIKE 'bbbbbbb%'");
    await box.press("Enter");
    assert.deepEqual(await rows(tab), ["fresh [new]", "sweep", "trial-3 [new]"]);
    await tab.close();
  });

  test("the pages raised no script error and asked for nothing but their own files", () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((url) => !url.startsWith("file://")), []);
  });

  test("the static table (no scripting) and the data carry the same marks", () => {
    const html = readFileSync(fileURLToPath(page), "utf8");
    const marked = [...html.matchAll(/<tr data-run-id="([0-9a-f]+)"[^>]*data-new="true"/g)].map((m) => m[1]);
    assert.deepEqual(marked, [id(4), id(11)]);
  });
});
