/**
 * Artifacts people look at, on the built report's files: every copy in out/ is byte-identical to the store's
 * file (SVG and HTML under a `.txt` name); images (PNG, JPEG, GIF, WebP, never SVG) get a thumbnail linking to
 * the full file; text, JSON, CSV and Markdown get a preview of their first 64 KB as escaped text (cut at a
 * character, never rendered, none for binary content); hostile names stay text in the page and stay inside
 * the run's folder; a sweep's page lists its children's images for the side-by-side view.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openStore } from "../src/index.js";
import { buildReport } from "../src/report/build.js";
import { PREVIEW_BYTES, previewText } from "../src/report/artifact-preview.js";
import { artifactKind } from "../src/report/artifact-kind.js";
import type { RunPageData } from "../src/report/page-data.js";
import { fakeAssets, filesOf, read, removeTemps, tempDir } from "./report-fixtures.js";

after(removeTemps);

const HOSTILE_NAME = `x"'><img src=x onerror=alert(1)>&amp;#?%20.png`;
const LONG = "a".repeat(PREVIEW_BYTES - 1) + "é" + "tail";
const BINARY = Buffer.concat([Buffer.from("looks like text"), Buffer.from([0, 1, 2, 255])]);
const stored = new Map<string, Buffer>();

function pageData(html: string): RunPageData {
  const json = /<script type="application\/json" id="runtree-run">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(json, "no page data");
  return JSON.parse(json) as RunPageData;
}

/** The `<li>` of an artifact on a run page, by its (escaped) path. */
function itemOf(html: string, escapedPath: string): string {
  const start = html.indexOf(`<li data-artifact="${escapedPath}"`);
  assert.notEqual(start, -1, `no item for ${escapedPath}`);
  return html.slice(start, html.indexOf("</li>", start));
}

describe("artifacts people look at", () => {
  let root = "";
  let out = "";
  let runId = "";
  let sweepId = "";
  const childIds: string[] = [];

  before(async () => {
    root = join(tempDir(), "mlruns");
    const store = openStore(root, { captureSource: false, fsync: false });
    const files: Record<string, Buffer> = {
      "plots/a.png": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(3000)]),
      "b.JPG": randomBytes(500),
      "c.jpeg": randomBytes(500),
      "d.gif": randomBytes(200),
      "e.webp": randomBytes(200),
      "fig.svg": Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
      "notes.md": Buffer.from("# Title\n\n<script>alert(1)</script> **bold** <b>b</b> & done\n"),
      "cfg.json": Buffer.from('{\n  "lr": 0.1,\n  "html": "</pre><script>alert(1)</script>"\n}\n'),
      "data.csv": Buffer.from("x,y\n1,<i>2</i>\n"),
      "long.txt": Buffer.from(LONG, "utf8"),
      "blob.txt": BINARY,
      "model.bin": randomBytes(1000),
      [HOSTILE_NAME]: randomBytes(100),
    };
    const local = tempDir();
    await store.experiment("e").run({ name: "r" }, (run) => {
      runId = run.id;
      for (const [path, bytes] of Object.entries(files)) {
        const file = join(local, `f${stored.size}`);
        writeFileSync(file, bytes);
        run.logArtifact(file, path);
        stored.set(path, bytes);
      }
    });
    const sweep = store.experiment("s");
    await sweep.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (parent) => {
      sweepId = parent.id;
      for (let i = 0; i < 3; i++) {
        await parent.child({ name: `t-${i}` }, (child) => {
          childIds.push(child.id);
          child.logMetric("loss", i);
          const file = join(local, `c${i}`);
          writeFileSync(file, randomBytes(64));
          child.logArtifact(file, "confusion.png");
          if (i === 1) child.logArtifact(file, "samples/out.webp");
          child.logText("<svg/>", "plot.svg");
        });
      }
    });
    out = join(tempDir(), "out");
    await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
  });

  test("every copy in out/ is byte-identical to the store's file, SVG under a .txt name, and nothing else is written there", () => {
    const folder = join(out, "runs", runId, "artifacts");
    const published = filesOf(folder);
    const expected = [...stored.keys()].map((path) => (path.endsWith(".svg") ? `${path}.txt` : path)).sort();
    assert.deepEqual(published, expected);
    for (const [path, bytes] of stored) {
      const copy = readFileSync(join(folder, ...(path.endsWith(".svg") ? `${path}.txt` : path).split("/")));
      assert.ok(copy.equals(bytes), `${path} differs`);
      assert.ok(copy.equals(readFileSync(join(root, "e", runId, "artifacts", ...path.split("/")))), `${path} differs from the store's file`);
    }
  });

  test("PNG, JPEG, GIF and WebP show as thumbnails linking to the full file; SVG never as an image", () => {
    const html = read(out, `runs/${runId}/index.html`);
    for (const path of ["plots/a.png", "b.JPG", "c.jpeg", "d.gif", "e.webp"]) {
      const item = itemOf(html, path);
      assert.match(item, /data-kind="image"/, path);
      assert.ok(item.includes(`<a class="thumb" href="artifacts/${path}"><img src="artifacts/${path}" alt="${path}" loading="lazy"></a>`), item);
    }
    const svg = itemOf(html, "fig.svg");
    assert.match(svg, /data-kind="other"/);
    assert.doesNotMatch(svg, /<img|<pre/);
    assert.match(svg, /href="artifacts\/fig\.svg\.txt"/);
    assert.doesNotMatch(html, /<svg[^>]*onload/);
    assert.equal(artifactKind("x.svg"), "other");
    assert.equal(artifactKind("x.SVGZ"), "other");
  });

  test("text, JSON, CSV and Markdown show their content as escaped text, never rendered", () => {
    const html = read(out, `runs/${runId}/index.html`);
    const md = itemOf(html, "notes.md");
    assert.ok(md.includes('<pre class="artifact-preview"># Title\n\n&lt;script&gt;alert(1)&lt;/script&gt; **bold** &lt;b&gt;b&lt;/b&gt; &amp; done\n</pre>'), md);
    assert.doesNotMatch(md, /<h1|<strong|<b>/);
    assert.ok(itemOf(html, "cfg.json").includes("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(itemOf(html, "data.csv").includes('<pre class="artifact-preview">x,y\n1,&lt;i&gt;2&lt;/i&gt;\n</pre>'));
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(itemOf(html, "model.bin"), /<pre|<img/);
  });

  test("a preview holds the first 64 KB, cut before a character split by the limit, and says so", () => {
    const html = read(out, `runs/${runId}/index.html`);
    const item = itemOf(html, "long.txt");
    const text = /<pre class="artifact-preview">([^<]*)<\/pre>/.exec(item)?.[1];
    assert.equal(text, "a".repeat(PREVIEW_BYTES - 1));
    assert.match(item, new RegExp(`The first 64 KB of ${Buffer.byteLength(LONG)} bytes`));
    assert.equal(previewText(Buffer.from("abé", "utf8").subarray(0, 3), true), "ab");
    assert.equal(previewText(Buffer.from("ab€", "utf8"), true), "ab€");
    assert.equal(previewText(Buffer.from("ab€", "utf8").subarray(0, 4), true), "ab");
  });

  test("content with a NUL byte gets no preview, whatever its name", () => {
    const item = itemOf(read(out, `runs/${runId}/index.html`), "blob.txt");
    assert.doesNotMatch(item, /<pre/);
    assert.match(item, /no preview: binary content/);
  });

  test("a hostile artifact name stays text in the page, and its link stays in the run's folder", () => {
    const html = read(out, `runs/${runId}/index.html`);
    assert.doesNotMatch(html, /<img src=x/);
    const escaped = `x&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;#?%20.png`;
    const item = itemOf(html, escaped);
    const href = /<a class="thumb" href="([^"]*)"/.exec(item)?.[1];
    assert.ok(href, item);
    assert.doesNotMatch(href, /[<>"' #?]/);
    assert.equal(decodeURIComponent(href.replaceAll("&amp;", "&")), `artifacts/${HOSTILE_NAME}`);
    assert.ok(readFileSync(join(out, "runs", runId, "artifacts", HOSTILE_NAME)).equals(stored.get(HOSTILE_NAME)!));
  });

  test("a sweep's page lists its children's images (never SVG), linking to each child's copy", () => {
    const data = pageData(read(out, `runs/${sweepId}/index.html`));
    const images = data.sweep?.images;
    assert.ok(images);
    assert.deepEqual(images.paths, ["confusion.png", "samples/out.webp"]);
    assert.deepEqual(Object.keys(images.children).sort(), [...childIds].sort());
    assert.deepEqual(Object.keys(images.children[childIds[1]!]!), ["confusion.png", "samples/out.webp"]);
    for (const id of childIds) {
      const link: string = images.children[id]!["confusion.png"]!;
      assert.equal(link, `../${id}/artifacts/confusion.png`);
      const file = join(out, "runs", sweepId, ...link.split("/"));
      assert.ok(readFileSync(file).equals(readFileSync(join(root, "s", id, "artifacts", "confusion.png"))));
    }
  });
});
