/**
 * `report --base <rev>` on a real git history (the scenario of git-scenario.ts): runs added since the base
 * are marked new, and sweep pages show their best at the base beside today's. The experiment page's rows
 * and filter are checked in a browser (browser-base.test.ts).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildReport } from "../src/report/build.js";
import { buildScenario, type Scenario } from "./git-scenario.js";
import { fakeAssets } from "./report-fixtures.js";
import { runCli } from "./workers/cli-runner.js";
import { newRepo, removeAll, type TestRepo } from "./workers/git-repo.js";

process.env["GIT_CEILING_DIRECTORIES"] = tmpdir();
const temps: string[] = [];
after(() => removeAll(temps));

const runPage = (out: string, id: string) => readFileSync(join(out, "runs", id, "index.html"), "utf8");

/** The runs whose page's heading carries the "new" badge, by name (down-1 was removed by the head: it has no page). */
function badged(out: string, s: Scenario): string[] {
  return Object.entries(s.ids)
    .filter(([name, id]) => name !== "down-1" && /<h1>[^\n]*<span class="badge-new"/.test(runPage(out, id)))
    .map(([name]) => name)
    .sort();
}

/** The sweep's "best at the base" line: its verdict, value and delta, or null when the page has none. */
function baseline(page: string): { commit: string; verdict: string; value: string; delta: string } | null {
  const line = /<p class="best-at-base" data-base-commit="([0-9a-f]+)" data-verdict="([a-z ]+)">([\s\S]*?)<\/p>/.exec(page);
  if (!line) return null;
  const value = /<span class="value"[^>]*>([^<]*)<\/span>/.exec(line[3]!)?.[1] ?? "";
  const delta = /<span class="delta">([^<]*)<\/span>/.exec(line[3]!)?.[1] ?? "";
  return { commit: line[1]!, verdict: line[2]!, value, delta };
}

describe("report --base", () => {
  let repo: TestRepo;
  let s: Scenario;
  before(async () => {
    repo = newRepo(temps);
    s = await buildScenario(repo);
  });

  test("exactly the runs added since the base carry the new badge on their pages", async () => {
    const out = join(repo.dir, "site-a");
    const { code, stdout, stderr } = await runCli(["report", s.store, out, "--base", s.a], repo.dir);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`^report: 1 experiment\\(s\\), 8 run\\(s\\) \\(2 new since ${s.a.slice(0, 7)}\\) -> `));
    assert.deepEqual(badged(out, s), ["down-3", "up-3"]);
    assert.match(runPage(out, s.ids["up-3"]!), new RegExp(`title="not in the store at ${s.a.slice(0, 7)}">new</span>`));
  });

  test("the rows of new runs carry data-new, on the experiment page and in a sweep's children", async () => {
    const out = join(repo.dir, "site-rows");
    await buildReport({ store: s.store, out, base: s.a, assets: fakeAssets(repo.dir) });
    const marked = (html: string) =>
      [...html.matchAll(/<tr data-run-id="([0-9a-f]+)"[^>]*>/g)].filter((m) => m[0].includes(' data-new="true"')).map((m) => m[1]);
    const experiment = readFileSync(join(out, "experiments", "tuning", "index.html"), "utf8");
    assert.deepEqual(marked(experiment), [s.ids["up-3"], s.ids["down-3"]]);
    assert.deepEqual(marked(runPage(out, s.ids["sweep-up"]!)), [s.ids["up-3"]]);
    assert.deepEqual(marked(runPage(out, s.ids["lone"]!)), []);
  });

  test("sweep pages show the best at the base beside today's: one improved, one worse", async () => {
    const out = join(repo.dir, "site-sweeps");
    await buildReport({ store: s.store, out, base: s.a, assets: fakeAssets(repo.dir) });
    assert.deepEqual(baseline(runPage(out, s.ids["sweep-up"]!)), { commit: s.a, verdict: "improved", value: "0.4", delta: "-0.1" });
    assert.deepEqual(baseline(runPage(out, s.ids["sweep-down"]!)), { commit: s.a, verdict: "worse", value: "0.8", delta: "-0.05" });
    assert.equal(baseline(runPage(out, s.ids["lone"]!)), null, "a run without children has no sweep");
  });

  test("against the head itself nothing is new and every sweep is unchanged", async () => {
    const out = join(repo.dir, "site-b");
    await buildReport({ store: s.store, out, base: "HEAD", assets: fakeAssets(repo.dir) });
    assert.deepEqual(badged(out, s), []);
    assert.equal(baseline(runPage(out, s.ids["sweep-up"]!))?.verdict, "same");
  });

  test("a base from before the store existed makes every run new and every sweep new", async () => {
    const early = newRepo(temps);
    writeFileSync(join(early.dir, "README.md"), "no runs yet\n");
    const empty = early.commit("before the store");
    const late = await buildScenario(early);
    const out = join(early.dir, "site");
    await buildReport({ store: late.store, out, base: empty, assets: fakeAssets(early.dir) });
    assert.deepEqual(badged(out, late), Object.keys(late.ids).filter((name) => name !== "down-1").sort());
    assert.equal(baseline(runPage(out, late.ids["sweep-up"]!))?.verdict, "new");
  });

  test("without --base nothing is marked", async () => {
    const out = join(repo.dir, "site-plain");
    await buildReport({ store: s.store, out, assets: fakeAssets(repo.dir) });
    assert.deepEqual(badged(out, s), []);
    assert.equal(baseline(runPage(out, s.ids["sweep-up"]!)), null);
  });

  test("a bad revision is one line on stderr, exit 2, and nothing written", async () => {
    const out = join(repo.dir, "site-bad");
    const { code, stderr } = await runCli(["report", s.store, out, "--base", "no-such-rev"], repo.dir);
    assert.equal(code, 2);
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.match(stderr, /unknown git revision "no-such-rev"/);
    assert.equal(existsSync(out), false);
    await assert.rejects(buildReport({ store: s.store, out, base: "no-such-rev", assets: fakeAssets(repo.dir) }), { code: "UNKNOWN_REVISION" });
  });
});
