/**
 * Every user string is hostile: in text, in attributes, in embedded JSON and as a path. These tests feed
 * the report names and values built to break out of each context and check that none does.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { listArtifacts, openStore } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import type { ProblemsModel } from "../src/report/page-models.js";
import { createRenderer } from "../src/report/render.js";
import { encodePath, encodeSegment, escapeHtml, jsonForScript } from "../src/report/escape.js";
import type { RunPageData } from "../src/report/page-data.js";
import { artifactSegments, experimentSlugs, runSegment, segmentProblem } from "../src/report/site-names.js";
import { experimentRuns, fakeAssets, filesOf, read, removeTemps, tempDir } from "./report-fixtures.js";

after(removeTemps);

const HOSTILE = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "</script><script>alert(2)</script>",
  "<!--",
  "../../etc",
  "a\u2028b\u2029c",
  "javascript:alert(1)",
  "&amp; &lt;",
];

describe("escaping functions", () => {
  test("text and attribute escaping replaces the five markup characters", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    assert.equal(escapeHtml("plain"), "plain");
  });

  test("JSON for a script block cannot close the block, and parses back to the same value", () => {
    for (const text of HOSTILE) {
      const json = jsonForScript({ text });
      assert.doesNotMatch(json, /[<>\u2028\u2029]/);
      assert.deepEqual(JSON.parse(json), { text });
    }
  });

  test("URL segments are percent-encoded so a name cannot add a scheme, a query or a segment", () => {
    assert.equal(encodeSegment("javascript:alert(1)"), "javascript%3Aalert%281%29");
    assert.equal(encodeSegment("a/b?c#d e'"), "a%2Fb%3Fc%23d%20e%27");
    assert.equal(encodePath("../x y/index.html"), "../x%20y/index.html");
  });
});

describe("names used as paths", () => {
  test("each path segment is checked", () => {
    const bad = ["", ".", "..", "a/b", "a\\b", "nul\u0000", "tab\t", "x".repeat(201)];
    for (const segment of bad) assert.notEqual(segmentProblem(segment), null, JSON.stringify(segment));
    for (const segment of ["a", "..a", "ünïcode", "with space", "a.b-c_d"]) assert.equal(segmentProblem(segment), null, segment);
  });

  test("artifact paths that could leave their folder are refused", () => {
    for (const path of ["../../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b", "a\\..\\b", ""]) {
      assert.equal(artifactSegments(path).ok, false, path);
    }
    assert.deepEqual(artifactSegments("plots/loss curve.png"), { ok: true, segments: ["plots", "loss curve.png"] });
  });

  test("experiment folder names become safe, distinct slugs, even for foreign names", () => {
    const dirs = ["..", "a/b", "<script>", "Foo", "foo", "0", "good-slug", "good-slug"];
    const slugs = experimentSlugs(dirs);
    assert.equal(slugs.size, 7);
    assert.equal(new Set(slugs.values()).size, 7);
    for (const slug of slugs.values()) assert.match(slug, /^[a-z0-9][a-z0-9._-]*$/);
    assert.equal(slugs.get("good-slug"), "good-slug");
    assert.equal(slugs.get("0"), "0");
  });

  test("a run id that is not 32 hex digits never becomes a path as it is", () => {
    assert.equal(runSegment("0123456789abcdef0123456789abcdef"), "0123456789abcdef0123456789abcdef");
    assert.match(runSegment("../../etc"), /^run-[0-9a-f]{16}$/);
  });
});

describe("templates", () => {
  test("raw output appears only for the layout body, rendered partials, the pre-escaped JSON block and the rendered note", () => {
    const dir = fileURLToPath(new URL("../templates/", import.meta.url));
    const files = [...readdirSync(dir).filter((f) => f.endsWith(".eta")), ...readdirSync(join(dir, "partials")).map((f) => `partials/${f}`)];
    assert.ok(files.length >= 8);
    for (const file of files) {
      const text = readFileSync(join(dir, file), "utf8");
      for (const match of text.matchAll(/<%~\s*([^%]*?)\s*%>/g)) {
        assert.match(match[1]!, /^(?:it\.body|it\.json|it\.noteHtml|partial\("\/partials\/[a-z-]+", .*\))$/, `${file}: ${match[0]}`);
      }
      assert.doesNotMatch(text, /\sstyle=|\son[a-z]+=/i, `${file} has no inline style or handler`);
    }
  });

  test("a partial is given its data alone, not the including page's model besides", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "partials"));
    writeFileSync(join(dir, "problems.eta"), '<%~ partial("/partials/probe", { rows: it.problems }) %>');
    writeFileSync(join(dir, "partials", "probe.eta"), "<%= Object.keys(it).join() %>:<%= it.rows.length %>");
    const model = { title: "t", problems: [] } as unknown as ProblemsModel;
    assert.equal(createRenderer(dir).render({ kind: "problems", path: "problems.html", model }), "rows:0");
  });
});

describe("a store full of hostile names", () => {
  async function hostileReport() {
    const root = join(tempDir(), "mlruns");
    let now = Date.UTC(2026, 0, 1);
    const store = openStore(root, { clock: () => (now += 1000), captureSource: false });
    const exp = store.experiment(HOSTILE[0]!, { description: HOSTILE[1]!, tags: { note: HOSTILE[3]! } });
    await exp.run({ name: HOSTILE[1]!, objective: { metric: "loss", goal: "min" }, description: HOSTILE[2]! }, async (parent) => {
      for (const [i, name] of HOSTILE.entries()) {
        await parent.child({ name, params: { p: name }, tags: { t: name } }, (child) => {
          child.logMetric("loss", i + 1);
          child.logText(name, "notes.txt");
        });
      }
    });
    store.experiment(HOSTILE[5]!);
    store.experiment(HOSTILE[6]!);
    const out = join(tempDir(), "out");
    await buildReport({ store: root, out, assets: fakeAssets(tempDir()), title: HOSTILE[3]! });
    return out;
  }

  test("no hostile string reaches a page as markup; each shows escaped", async () => {
    const out = await hostileReport();
    const pages = filesOf(out).filter((p) => p.endsWith(".html"));
    assert.ok(pages.length > 10);
    for (const page of pages) {
      const html = read(out, page);
      assert.doesNotMatch(html, /<script>alert|<img src=x|<svg onload|<!--/, page);
      // Every tag is one of ours: no event handler or inline style attribute anywhere.
      assert.doesNotMatch(html, /<[a-z][^>]*\s(?:on[a-z]+|style)=/i, page);
      // Scripts: external files from the report, or the one JSON block.
      for (const tag of html.match(/<script[^>]*>/g) ?? []) {
        assert.match(tag, /^<script (?:src="[^":]+"|type="application\/json" id="runtree-run")>$/, `${page}: ${tag}`);
      }
    }
    const index = read(out, "index.html");
    assert.ok(index.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(index.includes("<title>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>"));
  });

  test("embedded JSON, data.js and the run slices carry the exact strings, with <, U+2028 and U+2029 escaped", async () => {
    const out = await hostileReport();
    const slugs = filesOf(out).filter((p) => p.endsWith("/data.js")).map((p) => p.split("/")[1]!);
    let names: string[] = [];
    for (const slug of slugs) {
      const { runs, files } = experimentRuns(out, slug);
      for (const file of files) assert.doesNotMatch(read(out, file), /[<\u2028\u2029]/, file);
      names = names.concat(Array.from({ length: runs.count }, (_, n) => runs.name(n)));
    }
    for (const name of HOSTILE) assert.ok(names.includes(name), name);
    for (const page of filesOf(out).filter((p) => p.startsWith("runs/") && p.endsWith("/index.html"))) {
      const html = read(out, page);
      const json = /<script type="application\/json" id="runtree-run">([\s\S]*?)<\/script>/.exec(html)![1]!;
      assert.doesNotMatch(json, /[<\u2028\u2029]/, page);
      const data = JSON.parse(json) as RunPageData;
      if (data.sweep) assert.deepEqual(new Set(data.sweep.children.map((c) => c.params["p"])), new Set(HOSTILE));
    }
  });

  test("hostile experiment names become safe folder names, and every file stays inside the output", async () => {
    const out = await hostileReport();
    for (const file of filesOf(out)) {
      const [top, slug] = file.split("/");
      if (top === "experiments") assert.match(slug!, /^[a-z0-9][a-z0-9._-]*$/, file);
    }
    assert.equal(filesOf(out).filter((f) => f.startsWith("experiments/") && f.endsWith("/index.html")).length, 3);
  });
});

describe("artifacts a browser would run", () => {
  test("HTML, SVG and XML artifacts are published as .txt, so their scripts cannot run in the report's origin", async () => {
    const root = join(tempDir(), "mlruns");
    const store = openStore(root, { captureSource: false });
    let runId = "";
    await store.experiment("e").run({ name: "r" }, (run) => {
      runId = run.id;
      run.logText("<script>alert(1)</script>", "report.html");
      run.logText("<svg onload=alert(1)></svg>", "plots/fig.SVG");
      run.logText("plain", "notes.txt");
      run.logText("x,y", "data.csv");
    });
    const out = join(tempDir(), "out");
    await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
    const published = filesOf(join(out, "runs", runId, "artifacts")).sort();
    assert.deepEqual(published, ["data.csv", "notes.txt", "plots/fig.SVG.txt", "report.html.txt"]);
    const page = read(out, `runs/${runId}/index.html`);
    assert.match(page, /href="artifacts\/report\.html\.txt"/);
    assert.doesNotMatch(page, /href="artifacts\/report\.html"/);
    assert.equal(readFileSync(join(out, "runs", runId, "artifacts", "report.html.txt"), "utf8"), "<script>alert(1)</script>");
  });
});

describe("artifact names with a line break", () => {
  test("an artifact whose name holds LF, CR, U+2028 or U+2029 is listed, and the report copies it or names it as a problem, never drops it silently", async () => {
    const root = join(tempDir(), "mlruns");
    const store = openStore(root, { captureSource: false });
    const names = ["a\u2028b.txt", "c\u2029d.txt", "folder\u2028x/inner.txt", "line\nfeed.txt", "carriage\rreturn.txt", "plain.txt"];
    let runId = "";
    let dir = "";
    await store.experiment("e").run({ name: "r" }, (run) => {
      runId = run.id;
      dir = run.dir;
      for (const name of names) run.logText(name, name);
    });
    // A glob's "**" skipped these names: they were missing from the listing, the report and its problems.
    assert.deepEqual(await listArtifacts({ dir }), [...names].sort());
    const out = join(tempDir(), "out");
    const result = await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
    const copied = filesOf(join(out, "runs", runId, "artifacts")).sort();
    assert.deepEqual(copied, ["a\u2028b.txt", "c\u2029d.txt", "folder\u2028x/inner.txt", "plain.txt"]);
    assert.equal(readFileSync(join(out, "runs", runId, "artifacts", "a\u2028b.txt"), "utf8"), "a\u2028b.txt");
    const unsafe = result.problems.filter((p) => p.code === "UNSAFE_ARTIFACT_PATH").map((p) => p.file);
    assert.equal(unsafe.length, 2, JSON.stringify(result.problems));
    assert.ok(unsafe.some((file) => file.includes("feed")) && unsafe.some((file) => file.includes("return")), JSON.stringify(unsafe));
  });
});
