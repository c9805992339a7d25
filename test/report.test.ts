/**
 * `report <store> <out>` end to end: real stores in temp folders, the site on disk, read back as text.
 * Behaviour in a browser (scripts, CSP from file://) is tested in browser.test.ts.
 */
import assert from "node:assert/strict";
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { after, describe, mock, test } from "node:test";
import { report } from "../src/cli/report.js";
import { openStore } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import { CHUNK_CALLBACK, type ChartSeries, type CurvesFile, type RunPageData } from "../src/report/page-data.js";
import { unpack } from "../src/client/charts/unpack.js";
import {
  captureIO,
  evaluateChunk,
  experimentRuns,
  fakeAssets,
  filesOf,
  hashTree,
  id,
  read,
  removeTemps,
  rowsOf,
  tempDir,
  writeExperiment,
  type RunSpec,
} from "./report-fixtures.js";
import { FIXTURE, RUN, TUNING } from "./mlflow-fixture.js";

after(removeTemps);

/** A store of two experiments: a three-level tree, a sweep with a declared objective, artifacts, source info. */
function sampleStore(): string {
  const root = join(tempDir(), "mlruns");
  writeExperiment(root, "Nested Child Association", [
    { n: 1, name: "parent", params: { model: "mlp" }, extra: { description: "grid search\nover lr" } },
    { n: 2, parent: 1, name: "child-a", params: { lr: 0.1 }, metrics: { loss: [0.9, 0.5, 0.4] } },
    { n: 3, parent: 2, name: "grandchild", metrics: { loss: [0.3] } },
    { n: 4, parent: 1, name: "child-b", params: { lr: 0.01 }, metrics: { loss: [0.8, 0.2] } },
    { n: 5, name: "lonely", status: "FAILED" },
  ]);
  writeExperiment(root, "sweeps", [
    {
      n: 10,
      name: "sweep",
      extra: {
        objective: { metric: "val_acc", goal: "max" },
        source: { script: "src/train.ts", cwd: "experiments", git: { commit: "abc1234", branch: "main", dirty: true }, host: "box", user: "ann", node: "v20.1.0" },
      },
      artifacts: { "notes/readme.txt": "hello", "config.json": "{}" },
    },
    { n: 11, parent: 10, name: "trial-0", params: { lr: 0.1 }, metrics: { val_acc: [0.5, 0.81], loss: [1, 0.4] } },
    { n: 12, parent: 10, name: "trial-1", params: { lr: 0.01 }, metrics: { val_acc: [0.6, 0.87], loss: [1, 0.3] } },
    { n: 13, parent: 10, name: "trial-2", params: { lr: 0.001 }, metrics: { val_acc: [0.7, 0.78], loss: [1, 0.35] } },
    { n: 20, name: "undeclared" },
    { n: 21, parent: 20, name: "u-0", metrics: { loss: [0.5] } },
    { n: 22, parent: 20, name: "u-1", metrics: { loss: [0.25] } },
  ]);
  return root;
}

async function build(store: string, extra: Partial<Parameters<typeof buildReport>[0]> = {}) {
  const out = join(tempDir(), "out");
  const result = await buildReport({ store, out, assets: fakeAssets(tempDir()), ...extra });
  return { out, result };
}

function htmlPages(out: string): string[] {
  return filesOf(out).filter((path) => path.endsWith(".html") && !path.includes("/artifacts/"));
}

/** A chart's embedded points as plain arrays (steps and values). */
function chartPoints(series: ChartSeries | undefined): { steps: number[]; values: number[] } {
  assert.ok(series, "the metric has a chart");
  const { x, y } = unpack(series.points);
  return { steps: [...x], values: [...y] };
}

/** The data a file beside a run page hands over: `__RUNTREE_CHUNK__("<src>", JSON.parse('<json>'));`. */
function chunkData(out: string, runId: string, src: string): unknown {
  const text = read(out, `runs/${runId}/${src}`);
  const prefix = `${CHUNK_CALLBACK}(${JSON.stringify(src)}, JSON.parse('`;
  assert.ok(text.startsWith(prefix) && text.endsWith("'));\n"), `${src} is one call of ${CHUNK_CALLBACK} with JSON, not a literal`);
  const call = evaluateChunk(text);
  assert.equal(call.src, src, `${src} names itself`);
  return call.data;
}

function runPageData(out: string, runId: string): RunPageData {
  const html = read(out, `runs/${runId}/index.html`);
  const match = /<script type="application\/json" id="runtree-run">([^<]*)<\/script>/.exec(html);
  assert.ok(match, "the run page embeds its data");
  return JSON.parse(match[1]!) as RunPageData;
}


describe("the site's pages", () => {
  test("a report has an index, a problems page, a page per experiment, a page per run, the assets and a marker", async () => {
    const { out, result } = await build(sampleStore());
    const files = filesOf(out);
    for (const path of ["index.html", "problems.html", ".runtree-report", "assets/report.js", "assets/report.css"]) {
      assert.ok(files.includes(path), path);
    }
    assert.equal(files.filter((f) => /^experiments\/[^/]+\/index\.html$/.test(f)).length, 2);
    assert.equal(files.filter((f) => /^experiments\/[^/]+\/data\.js$/.test(f)).length, 2);
    for (const n of [1, 2, 3, 4, 5, 10, 11, 12, 13, 20, 21, 22]) assert.ok(files.includes(`runs/${id(n)}/index.html`), `run ${n}`);
    assert.equal(result.runs, 12);
    assert.equal(result.experiments, 2);
    assert.deepEqual(result.problems, []);
  });

  test("every link, script and stylesheet is relative and points at a file of the report", async () => {
    const { out } = await build(sampleStore());
    let links = 0;
    for (const page of htmlPages(out)) {
      const html = read(out, page);
      for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const url = match[1]!;
        assert.doesNotMatch(url, /^(?:[a-z]+:|\/)/i, `${page}: ${url} is not relative`);
        const target = posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(url)));
        assert.ok(!target.startsWith(".."), `${page}: ${url} leaves the report`);
        assert.ok(existsSync(join(out, target)), `${page}: ${url} -> ${target} is missing`);
        links++;
      }
    }
    assert.ok(links > 100, `only ${links} links checked`);
  });

  test("every page declares its kind, the CSP, and loads its scripts at the end of the body", async () => {
    const { out } = await build(sampleStore());
    const csp =
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; ` +
      `img-src 'self' data:; base-uri 'none'; form-action 'none'">`;
    for (const page of htmlPages(out)) {
      const html = read(out, page);
      assert.ok(html.includes(csp), `${page} has the CSP`);
      const kind = page === "index.html" ? "index" : page === "problems.html" ? "problems" : page === "compare.html" ? "compare" : page.split("/")[0] === "runs" ? "run" : "experiment";
      // Pages with a runs table also say where the compare page is.
      assert.match(html, new RegExp(`<body data-page="${kind}"(?: data-compare-href="[^"]*compare\\.html")?>`), page);
      assert.match(html, /<\/main>\n(?:<script[^>]*>[^<]*<\/script>\n)+<\/body>/, `${page}: scripts close the body`);
    }
    const experimentPage = read(out, htmlPages(out).find((p) => p.startsWith("experiments/"))!);
    assert.match(experimentPage, /<script src="data\.js"><\/script>\n<script src="\.\.\/\.\.\/assets\/report\.js"><\/script>\n<\/body>/);
  });

  test("the index lists every experiment with its run counts, statuses and last activity", async () => {
    const { out } = await build(sampleStore());
    const html = read(out, "index.html");
    const row = /<td class="name"><a href="experiments\/[^"]+\/index.html">Nested Child Association<\/a><\/td>\n<td class="num">5<\/td>\n<td class="num">2<\/td>/;
    assert.match(html, row);
    assert.match(html, /status-finished">FINISHED<\/span> <span class="count">4</);
    assert.match(html, /status-failed">FAILED<\/span> <span class="count">1</);
    assert.match(html, /<time datetime="2026-01-01T00:01:05Z">2026-01-01 00:01:05 UTC<\/time>/);
    assert.doesNotMatch(html, /problems\.html/, "no problems, no link");
  });
});

describe("nesting first", () => {
  test("the experiment page lists children under their parent, depth first, with the row contract", async () => {
    const { out } = await build(sampleStore());
    const page = filesOf(out).find((p) => /^experiments\/nested[^/]*\/index\.html$/.test(p))!;
    const html = read(out, page);
    assert.match(html, /<div id="runtree-runs">[\s\S]*<table class="runs">/);
    assert.deepEqual(rowsOf(html), [
      { id: id(1), parent: "", depth: 0, className: "depth-0 has-children" },
      { id: id(2), parent: id(1), depth: 1, className: "depth-1 has-children" },
      { id: id(3), parent: id(2), depth: 2, className: "depth-2" },
      { id: id(4), parent: id(1), depth: 1, className: "depth-1" },
      { id: id(5), parent: "", depth: 0, className: "depth-0" },
    ]);
    // Columns: name, status, start, duration, every param, every metric.
    assert.match(html, /data-key="lr">lr<\/th>\n<th scope="col" class="col-param" data-kind="param" data-key="model">model<\/th>\n<th scope="col" class="col-metric" data-kind="metric" data-key="loss">loss<\/th>/);
  });

  test("data.js holds every run of a small experiment, depth first, with links from the experiment page", async () => {
    const { out } = await build(sampleStore());
    const slug = filesOf(out).find((p) => /^experiments\/nested[^/]*\/data\.js$/.test(p))!.split("/")[1]!;
    const { data, runs, files } = experimentRuns(out, slug);
    assert.deepEqual(files, [`experiments/${slug}/data.js`]);
    assert.equal(data.name, "Nested Child Association");
    assert.deepEqual(Array.from({ length: runs.count }, (_, n) => runs.id(n)), [1, 2, 3, 4, 5].map(id));
    assert.deepEqual(data.paramKeys, ["lr", "model"]);
    assert.deepEqual(data.metricKeys, ["loss"]);
    const second = runs.indexOf(id(2))!;
    assert.equal(runs.href(second), `../../runs/${id(2)}/index.html`);
    assert.equal(runs.metric(0, second), 0.4);
  });

  test("a big experiment's runs are split into slices that hold each run once, data.js first with the first page's trees", async () => {
    const root = join(tempDir(), "mlruns");
    // 130 top-level runs; the first has 3 children, the last 2: 135 runs.
    const runs: RunSpec[] = [];
    for (let p = 1; p <= 130; p++) runs.push({ n: p * 10, start: p * 10 });
    for (const c of [1, 2, 3]) runs.push({ n: 10 + c, parent: 10, start: 10 + c, params: { c } });
    for (const c of [1, 2]) runs.push({ n: 1300 + c, parent: 1300, start: 1300 + c, params: { c } });
    writeExperiment(root, "big", runs);
    const { out } = await build(root);
    const { data, runs: loaded, files } = experimentRuns(out, "big");
    assert.deepEqual(files, ["experiments/big/data.js", "experiments/big/runs-1.js"]);
    // The first page's 100 trees (103 runs) are in data.js; the rest in runs-1.js.
    assert.deepEqual(data.slices, [0, 103]);
    assert.equal(data.first.ids.length, 103);
    const ids = Array.from({ length: loaded.count }, (_, n) => loaded.id(n));
    assert.equal(new Set(ids).size, 135);
    assert.deepEqual(ids.slice(0, 5), [10, 11, 12, 13, 20].map(id));
    assert.deepEqual(ids.slice(-3), [1300, 1301, 1302].map(id));
    assert.equal(loaded.parentId(loaded.indexOf(id(1302))!), id(1300));
    assert.equal(loaded.param(0, loaded.indexOf(id(1302))!), 2);
  });

  test("more top-level runs than fit a page go to static pager pages, each tree whole", async () => {
    const root = join(tempDir(), "mlruns");
    writeExperiment(root, "big", [
      ...Array.from({ length: 5 }, (_, i) => ({ n: 100 + i * 10 })),
      { n: 101, parent: 100 },
      { n: 121, parent: 120 },
      { n: 122, parent: 121 },
    ]);
    const { out } = await build(root, { pageSize: 2 });
    const pages = ["index.html", "page-2.html", "page-3.html"].map((p) => rowsOf(read(out, `experiments/big/${p}`)).map((r) => r.id));
    assert.deepEqual(pages, [[id(100), id(101), id(110)], [id(120), id(121), id(122), id(130)], [id(140)]]);
    assert.ok(!existsSync(join(out, "experiments/big/page-4.html")));
    const second = read(out, "experiments/big/page-2.html");
    assert.match(second, /<a class="prev" rel="prev" href="index.html">/);
    assert.match(second, /<a class="next" rel="next" href="page-3.html">/);
    assert.match(second, /Top-level runs 3–4 of 5/);
  });
});

describe("run pages", () => {
  test("a run page shows the run's id, facts, params, tags, metrics, note, parent trail and children", async () => {
    const { out } = await build(sampleStore());
    const html = read(out, `runs/${id(3)}/index.html`);
    assert.ok(html.includes(id(3)));
    assert.match(html, /<ol>\n<li><a href="\.\.\/\.\.\/experiments\/[^"]+">Nested Child Association<\/a><\/li>\n<li><a href="\.\.\/0+1\/index.html">parent<\/a><\/li>\n<li><a href="\.\.\/0+2\/index.html">child-a<\/a><\/li>\n<li aria-current="page">grandchild<\/li>/);
    assert.match(html, /<dt>Parent<\/dt><dd><a class="parent" href="\.\.\/0+2\/index.html">child-a<\/a>/);
    assert.match(html, /<div id="runtree-charts"><\/div>/);

    const parent = read(out, `runs/${id(1)}/index.html`);
    assert.match(parent, /<h2>Note<\/h2>\n<div class="note"><p>grid search\nover lr<\/p><\/div>/);
    assert.deepEqual(rowsOf(parent).map((r) => [r.id, r.depth]), [[id(2), 0], [id(3), 1], [id(4), 0]]);

    const child = read(out, `runs/${id(2)}/index.html`);
    assert.match(child, /<tr><th scope="row">loss<\/th><td class="num">0.4<\/td><td class="num">0.4<\/td><td class="num">0.9<\/td><td class="num">2<\/td><td class="num">3<\/td><\/tr>/);
    assert.match(child, /<tr><th scope="row">lr<\/th><td>0.1<\/td><\/tr>/);
  });

  test("source info is shown as recorded: script and working directory (relative to the repository), git commit, branch and dirty flag, host, user, node", async () => {
    const { out } = await build(sampleStore());
    const html = read(out, `runs/${id(10)}/index.html`);
    for (const [key, value] of [
      ["script", "src/train.ts"],
      ["working directory", "experiments"],
      ["git commit", "abc1234"],
      ["git branch", "main"],
      ["git dirty", "yes (uncommitted changes)"],
      ["host", "box"],
      ["user", "ann"],
      ["node", "v20.1.0"],
    ]) {
      assert.ok(html.includes(`<tr><th scope="row">${key}</th><td>${value}</td></tr>`), key);
    }
  });

  test("artifacts are copied under runs/<id>/artifacts/ and linked", async () => {
    const { out } = await build(sampleStore());
    assert.equal(read(out, `runs/${id(10)}/artifacts/notes/readme.txt`), "hello");
    const html = read(out, `runs/${id(10)}/index.html`);
    const links = [...html.matchAll(/<a class="artifact-link" href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(links, [["artifacts/config.json", "config.json"], ["artifacts/notes/readme.txt", "notes/readme.txt"]]);
  });

  test("the embedded RunPageData has the run, every metric's chart (whole when short) and no sweep for a leaf", async () => {
    const { out } = await build(sampleStore());
    const data = runPageData(out, id(4));
    assert.equal(data.run.id, id(4));
    assert.equal(data.run.href, "index.html");
    assert.equal(data.run.parentId, id(1));
    assert.deepEqual(data.run.params, { lr: 0.01 });
    assert.deepEqual(chartPoints(data.charts["loss"]), { steps: [0, 1], values: [0.8, 0.2] });
    assert.equal(data.charts["loss"]?.buckets, 0, "a short history is not downsampled");
    assert.deepEqual(data.charts["loss"]?.chunks, [], "and needs no history files");
    assert.equal(data.sweep, null);
    assert.notEqual(runPageData(out, id(2)).sweep, null, "a run with a child has a sweep");
  });
});

describe("sweeps", () => {
  test("the best child by the declared objective is shown with its value and params", async () => {
    const { out } = await build(sampleStore(), { objective: { metric: "loss", goal: "min" } });
    const html = read(out, `runs/${id(10)}/index.html`);
    assert.match(html, /Objective: <code>val_acc<\/code> \(max\), declared by this run\./);
    assert.match(html, /<h3>Best child<\/h3>\n<p><a href="\.\.\/0+c\/index.html">trial-1<\/a>: <code>val_acc<\/code> = <span class="value">0.87<\/span><\/p>/);
    assert.match(html, /<table class="kv best-params">\n<tbody>\n<tr><th scope="row">lr<\/th><td>0.01<\/td><\/tr>/);
    assert.match(html, /<div id="runtree-sweep"><\/div>/);
    const sweep = runPageData(out, id(10)).sweep;
    assert.ok(sweep);
    assert.deepEqual(sweep.objective, { metric: "val_acc", goal: "max", declared: true });
    assert.equal(sweep.bestId, id(12));
    assert.deepEqual(sweep.children.map((c) => c.id), [11, 12, 13].map(id));
    assert.deepEqual(sweep.paramKeys, ["lr"]);
    assert.deepEqual(sweep.metricKeys, ["loss", "val_acc"]);
    assert.deepEqual(Object.keys(sweep.curves), ["loss", "val_acc"]);
    assert.equal(sweep.curves["val_acc"], "curves/1.js");
    const file = chunkData(out, id(10), "curves/1.js") as CurvesFile;
    assert.equal(file.key, "val_acc");
    assert.deepEqual([...unpack(file.children[id(12)]!).y], [0.6, 0.87]);
  });

  test("--objective applies to a sweep that declares none", async () => {
    const { out } = await build(sampleStore(), { objective: { metric: "loss", goal: "min" } });
    const html = read(out, `runs/${id(20)}/index.html`);
    assert.match(html, /Objective: <code>loss<\/code> \(min\), given by --objective\./);
    assert.match(html, />u-1<\/a>: <code>loss<\/code> = <span class="value">0.25<\/span>/);
    assert.deepEqual(runPageData(out, id(20)).sweep?.objective, { metric: "loss", goal: "min", declared: false });
    // Single-point metrics make no curve.
    assert.deepEqual(runPageData(out, id(20)).sweep?.curves, {});
  });

  test("without any objective a sweep has no best child, and says how to get one", async () => {
    const { out } = await build(sampleStore());
    const html = read(out, `runs/${id(20)}/index.html`);
    assert.match(html, /No objective/);
    assert.doesNotMatch(html, /Best child/);
    assert.equal(runPageData(out, id(20)).sweep?.bestId, null);
  });
});

describe("a library-written store", () => {
  test("a store written through openStore builds, with abandoned-free statuses and nested children", async () => {
    const root = join(tempDir(), "mlruns");
    let now = Date.UTC(2026, 0, 1);
    const store = openStore(root, { clock: () => (now += 1000), captureSource: false });
    const exp = store.experiment("Nested Child Association");
    await exp.run({ name: "parent_run_test_default_0", objective: { metric: "metric1", goal: "min" } }, async (parent) => {
      for (const [i, value] of [0.42, 0.17].entries()) {
        await parent.child({ name: `run_${i}`, params: { param1: `x${i}` } }, (child) => {
          child.logMetric("metric1", value);
          child.logText("# notes", "notes.md");
        });
      }
    });
    const { out, result } = await build(root);
    assert.deepEqual(result.problems, []);
    const parent = (await store.searchRuns({ filter: "attributes.run_name = 'parent_run_test_default_0'" }))[0]!;
    const html = read(out, `runs/${parent.id}/index.html`);
    assert.match(html, />run_1<\/a>: <code>metric1<\/code> = <span class="value">0.17<\/span>/);
    const child = (await store.searchRuns({ filter: "attributes.run_name = 'run_0'" }))[0]!;
    assert.equal(read(out, `runs/${child.id}/artifacts/notes.md`), "# notes");
  });
});

describe("best child in the report", () => {
  test("is recomputed from the children, so a worker's child added after the parent ended counts", async () => {
    const root = join(tempDir(), "mlruns");
    let now = Date.UTC(2026, 0, 1);
    const store = openStore(root, { clock: () => (now += 1000), captureSource: false });
    const exp = store.experiment("late");
    const parentId = await exp.run({ name: "sweep", objective: { metric: "metric1", goal: "min" } }, async (parent) => {
      await parent.child({ name: "early" }, (child) => child.logMetric("metric1", 0.5));
      return parent.id;
    });
    assert.equal((await store.getRun(parentId)).bestChild?.name, "early", "the parent recorded the best child it saw");
    const late = exp.startRun({ name: "late-worker", parent: parentId });
    late.logMetric("metric1", 0.1);
    await late.end();
    const { out } = await build(root);
    assert.match(read(out, `runs/${parentId}/index.html`), />late-worker<\/a>: <code>metric1<\/code> = <span class="value">0.1<\/span>/);
    assert.equal(runPageData(out, parentId).sweep?.bestId, late.id);
  });
});

describe("keys named like object internals", () => {
  test("a param, tag or metric named __proto__ or constructor reaches the tables and the page data", async () => {
    const root = join(tempDir(), "mlruns");
    const store = openStore(root, { captureSource: false });
    const keys = JSON.parse('{"__proto__": "p", "constructor": "c"}') as Record<string, string>;
    let runId = "";
    await store.experiment("proto").run({ params: keys, tags: keys }, (run) => {
      runId = run.id;
      run.logMetric("__proto__", 1, { step: 0 });
      run.logMetric("__proto__", 2, { step: 1 });
    });
    const { out } = await build(root);
    const { data, runs } = experimentRuns(out, "proto");
    assert.deepEqual([data.paramKeys, data.tagKeys, data.metricKeys], [["__proto__", "constructor"], ["__proto__", "constructor"], ["__proto__"]]);
    assert.deepEqual([runs.param(0, 0), runs.param(1, 0), runs.tag(0, 0), runs.metric(0, 0)], ["p", "c", "p", 2]);
    const page = runPageData(out, runId);
    assert.ok(Object.hasOwn(page.charts, "__proto__"), "the metric's chart is in the run page");
    assert.deepEqual(chartPoints(page.charts["__proto__" as keyof typeof page.charts]).values, [1, 2]);
  });
});

describe("determinism", () => {
  test("building the same store twice gives byte-identical files", async () => {
    const store = sampleStore();
    const assets = fakeAssets(tempDir());
    // A sweep of long children: history chunks and curves files must be as stable as the pages.
    let now = Date.UTC(2025, 0, 1);
    const long = openStore(store, { clock: () => (now += 250), captureSource: false, fsync: false }).experiment("long");
    await long.run({ name: "long sweep" }, async (parent) => {
      for (const k of [1, 2]) {
        await parent.child({ name: `long-${k}` }, (run) => {
          for (let step = 0; step < 30_000; step++) run.logMetric("loss", step === 20_000 ? NaN : k / (step + 1), { step });
        });
      }
    });
    const first = await build(store, { assets, objective: { metric: "loss", goal: "min" } });
    // The second build runs five years later, from a copy of the store at another path.
    const copy = join(tempDir(), "elsewhere", "mlruns");
    cpSync(store, copy, { recursive: true });
    mock.timers.enable({ apis: ["Date"], now: Date.UTC(2031, 0, 1) });
    let second;
    try {
      second = await build(copy, { assets, objective: { metric: "loss", goal: "min" } });
    } finally {
      mock.timers.reset();
    }
    const a = hashTree(first.out);
    assert.ok(a.size > 20);
    assert.ok([...a.keys()].some((path) => /^runs\/[^/]+\/history\/0-1\.js$/.test(path)), "history chunks were written");
    assert.ok([...a.keys()].some((path) => /^runs\/[^/]+\/curves\/0\.js$/.test(path)), "a curves file was written");
    assert.deepEqual(hashTree(second.out), a);
    assert.doesNotMatch(read(first.out, "index.html"), /Generated/);
  });

  test("--stamp adds the build time to the index page only", async () => {
    const store = sampleStore();
    const assets = fakeAssets(tempDir());
    const plain = hashTree((await build(store, { assets })).out);
    const { out } = await build(store, { assets, stamp: Date.UTC(2030, 5, 1, 12) });
    const stamped = hashTree(out);
    const differing = [...stamped].filter(([path, hash]) => plain.get(path) !== hash).map(([path]) => path);
    assert.deepEqual(differing, ["index.html"]);
    assert.match(read(out, "index.html"), /<p class="stamp">Generated 2030-06-01 12:00:00 UTC<\/p>/);
  });
});

describe("robustness", () => {
  function brokenStore(): string {
    const root = sampleStore();
    const truncated = filesOf(root).find((p) => p.endsWith(`${id(5)}/run.json`))!;
    writeFileSync(join(root, truncated), "{ truncated");
    const invalid = filesOf(root).find((p) => p.endsWith(`${id(4)}/run.json`))!;
    const record = JSON.parse(readFileSync(join(root, invalid), "utf8")) as Record<string, unknown>;
    writeFileSync(join(root, invalid), JSON.stringify({ ...record, status: "EXPLODED" }));
    const history = filesOf(root).find((p) => p.endsWith(`${id(3)}/metrics.jsonl`))!;
    appendFileSync(join(root, history), 'garbage\n{"key":"loss","value":"abc","step":1,"timestamp":1}\n');
    return root;
  }

  test("corrupt and schema-invalid files become warnings and a problems page; the rest is built (exit 0)", async () => {
    const store = brokenStore();
    const cwd = tempDir();
    const io = captureIO(cwd);
    const code = await report([store, "site"], io);
    assert.equal(code, 0, io.err());
    const warnings = io.err().trim().split("\n");
    assert.equal(warnings.length, 4, io.err());
    assert.match(warnings[0]!, /^warning: [^:]+\/0+3\/metrics\.jsonl:\d+: line is not valid JSON/);
    assert.match(warnings[1]!, /^warning: [^:]+\/0+3\/metrics\.jsonl:\d+: \/value must be number/);
    for (const warning of warnings.slice(2)) assert.match(warning, /^warning: [^:]+\/0+[45]\/run\.json: /);
    const out = join(cwd, "site");
    assert.ok(!existsSync(join(out, `runs/${id(5)}/index.html`)));
    assert.ok(existsSync(join(out, `runs/${id(3)}/index.html`)));
    const problems = read(out, "problems.html");
    assert.equal((problems.match(/<tr><td class="file">/g) ?? []).length, 4);
    assert.match(read(out, "index.html"), /<a href="problems.html">4 problems<\/a>/);
  });

  test("a missing store is one line on stderr, exit 2, and nothing written", async () => {
    const cwd = tempDir();
    const io = captureIO(cwd);
    assert.equal(await report([join(cwd, "nope"), "site"], io), 2);
    assert.equal(io.err().split("\n").length, 2, "one line and its newline");
    assert.match(io.err(), /^runtree report: .*not/);
    assert.deepEqual(filesOf(cwd), []);
  });

  test("bad options are one line on stderr, exit 2, and nothing written", async () => {
    const store = sampleStore();
    const cases: string[][] = [
      [store, "site", "--objective", "loss"],
      [store, "site", "--objective", "loss:best"],
      [store, "site", "--filter", "params.lr <"],
      [store, "site", "--experiment", "no such experiment"],
      [store, "site", "--bogus"],
      [store],
      [store, "site", "extra"],
    ];
    for (const argv of cases) {
      const cwd = tempDir();
      const io = captureIO(cwd);
      assert.equal(await report(argv, io), 2, argv.join(" "));
      assert.equal(io.err().trim().split("\n").length, 1, `${argv.join(" ")}: ${io.err()}`);
      assert.deepEqual(filesOf(cwd), [], argv.join(" "));
    }
  });

  test("--help prints the usage on stdout and exits 0", async () => {
    const io = captureIO(tempDir());
    assert.equal(await report(["--help"], io), 0);
    assert.match(io.out(), /^Usage: report <store> <out>/);
    for (const option of ["--filter", "--experiment", "--objective", "--title", "--quiet", "--stamp"]) {
      assert.ok(io.out().includes(option), option);
    }
    assert.equal(io.err(), "");
  });
});

describe("the output folder", () => {
  test("a missing output folder is created, parents included", async () => {
    const store = sampleStore();
    const out = join(tempDir(), "a", "b", "site");
    await buildReport({ store, out, assets: fakeAssets(tempDir()) });
    assert.ok(existsSync(join(out, "index.html")));
  });

  test("a non-empty folder that is not a report is refused and left untouched", async () => {
    const store = sampleStore();
    const cwd = tempDir();
    mkdirSync(join(cwd, "site"));
    writeFileSync(join(cwd, "site", "thesis.tex"), "precious");
    const io = captureIO(cwd);
    assert.equal(await report([store, "site"], io), 2);
    assert.match(io.err(), /not empty and is not a runtree report/);
    assert.deepEqual(filesOf(cwd), ["site/thesis.tex"]);
  });

  test("a previous report is replaced entirely: stale pages vanish, no temp folder is left", async () => {
    const root = join(tempDir(), "mlruns");
    writeExperiment(root, "e", [{ n: 1 }, { n: 2 }]);
    const parent = tempDir();
    const out = join(parent, "site");
    const assets = fakeAssets(tempDir());
    await buildReport({ store: root, out, assets });
    assert.ok(existsSync(join(out, `runs/${id(2)}/index.html`)));
    await buildReport({ store: root, out, assets, filter: "attributes.run_name = 'run-1'" });
    assert.ok(existsSync(join(out, `runs/${id(1)}/index.html`)));
    assert.ok(!existsSync(join(out, `runs/${id(2)}/index.html`)));
    assert.deepEqual(filesOf(parent).filter((p) => !p.startsWith("site/")), []);
  });

  test("an output folder inside the store, or containing it, is refused", async () => {
    const root = sampleStore();
    for (const out of [join(root, "site"), root, dirname(root)]) {
      await assert.rejects(buildReport({ store: root, out, assets: fakeAssets(tempDir()) }), { code: "INVALID_ARGUMENT" }, out);
    }
    assert.ok(!existsSync(join(root, "site")));
  });

  test("an output path that is a file is refused", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "site"), "x");
    await assert.rejects(buildReport({ store: sampleStore(), out: join(cwd, "site"), assets: fakeAssets(tempDir()) }), {
      code: "INVALID_ARGUMENT",
    });
  });
});

describe("selection", () => {
  test("--filter keeps matching runs with their ancestors, and --experiment picks experiments", async () => {
    const store = sampleStore();
    const { out } = await build(store, { filter: "attributes.run_name = 'grandchild'", experiments: ["Nested Child Association"] });
    const runs = filesOf(out).filter((p) => /^runs\/[^/]+\/index\.html$/.test(p)).map((p) => p.split("/")[1]);
    assert.deepEqual(runs, [1, 2, 3].map(id));
    assert.equal(filesOf(out).filter((p) => p.endsWith("data.js")).length, 1);
  });
});

describe("artifacts are copied safely", () => {
  test("a symbolic link among the artifacts is not followed", async () => {
    const root = join(tempDir(), "mlruns");
    const secret = join(tempDir(), "secret.txt");
    writeFileSync(secret, "do not publish");
    const dir = writeExperiment(root, "e", [{ n: 1, artifacts: { "ok.txt": "fine" } }]);
    symlinkSync(secret, join(dir, id(1), "artifacts", "link.txt"));
    symlinkSync(dirname(secret), join(dir, id(1), "artifacts", "linked-dir"));
    const { out } = await build(root);
    assert.deepEqual(filesOf(join(out, "runs", id(1))), ["artifacts/ok.txt", "index.html", "summary.js"]);
    for (const file of filesOf(out)) assert.ok(!read(out, file).includes("do not publish"), file);
  });
});

describe("an MLflow store", () => {
  test("MLflow's file store builds: nested runs, NaN and infinity, artifacts, best child by --objective", async () => {
    const { out, result } = await build(FIXTURE, { objective: { metric: "val_acc", goal: "max" } });
    assert.equal(result.experiments, 3);
    const rows = rowsOf(read(out, `experiments/${TUNING}/index.html`));
    assert.deepEqual(rows.slice(0, 6).map((r) => [r.id, r.parent, r.depth]), [
      [RUN.sweep, "", 0],
      [RUN.trial0, RUN.sweep, 1],
      [RUN.trial1, RUN.sweep, 1],
      [RUN.fold0, RUN.trial1, 2],
      [RUN.fold1, RUN.trial1, 2],
      [RUN.trial2, RUN.sweep, 1],
    ]);
    const diverged = read(out, `runs/${RUN.diverged}/index.html`);
    assert.match(diverged, /<th scope="row">x<\/th><td class="num">NaN<\/td>/);
    assert.match(diverged, /<th scope="row">y<\/th><td class="num" title="Infinity">∞<\/td>/);
    assert.ok(read(out, `runs/${RUN.trial1}/artifacts/notes/readme.txt`).length > 0);
    assert.match(read(out, `runs/${RUN.sweep}/index.html`), />trial-1<\/a>: <code>val_acc<\/code> = <span class="value">0.87<\/span>/);
    assert.equal(chartPoints(runPageData(out, RUN.trial1).charts["train/loss"]).steps.length, 20);
  });
});
