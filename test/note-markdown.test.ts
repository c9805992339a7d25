/**
 * A run's note on its report page: Markdown rendered by our own small renderer, which escapes everything
 * and links only http(s). Pinned as a table of what common Markdown becomes, then against hostile notes:
 * checked structurally (every tag in the output is one of an allow-list) and in a real browser (no dialog,
 * no request outside file://, no script error).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { openStore } from "../src/index.js";
import { renderMarkdown } from "../src/report/markdown.js";
import { buildReport } from "../src/report/build.js";
import { fakeAssets, removeTemps, tempDir } from "./report-fixtures.js";
import { browserSkip } from "./browser-site.js";

after(removeTemps);

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const skipBrowser = browserSkip;

describe("Markdown that people write in a note", () => {
  const cases: Array<[string, string]> = [
    ["plain text\non two lines", "<p>plain text\non two lines</p>"],
    ["**strong**, *em*, ***both***, __strong__, _em_", "<p><strong>strong</strong>, <em>em</em>, <em><strong>both</strong></em>, <strong>strong</strong>, <em>em</em></p>"],
    ["snake_case_name stays text", "<p>snake_case_name stays text</p>"],
    ["2 * 3 * 4", "<p>2 * 3 * 4</p>"],
    ["`a <b> & c`", "<p><code>a &lt;b&gt; &amp; c</code></p>"],
    ["`` code with ` inside ``", "<p><code>code with ` inside</code></p>"],
    ["\\*not em\\*", "<p>*not em*</p>"],
    ["# Title\n## Sub ##\n###### deep", "<h3>Title</h3>\n<h4>Sub</h4>\n<h6>deep</h6>"],
    ["#not a heading", "<p>#not a heading</p>"],
    ["- a\n- b\n  - nested\n- c", "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>nested</li>\n</ul></li>\n<li>c</li>\n</ul>"],
    ["3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'],
    ["> quoted\n> > deeper", "<blockquote>\n<p>quoted</p>\n<blockquote>\n<p>deeper</p>\n</blockquote>\n</blockquote>"],
    ["```ts\nconst a = 1 < 2;\n```", "<pre><code>const a = 1 &lt; 2;</code></pre>"],
    ["text\n\n---\n\nmore", "<p>text</p>\n<hr>\n<p>more</p>"],
    ["[PR 7](https://example.com/pr/7)", '<p><a href="https://example.com/pr/7" rel="noopener noreferrer">PR 7</a></p>'],
    ["see https://example.com/a_b?x=1&y=2.", '<p>see <a href="https://example.com/a_b?x=1&amp;y=2" rel="noopener noreferrer">https://example.com/a_b?x=1&amp;y=2</a>.</p>'],
    ["<http://example.com>", '<p><a href="http://example.com" rel="noopener noreferrer">http://example.com</a></p>'],
    ["[docs](https://e.com/a_(b) \"title\")", '<p><a href="https://e.com/a_(b)" rel="noopener noreferrer">docs</a></p>'],
  ];
  for (const [source, html] of cases) {
    test(`renders ${JSON.stringify(source)}`, () => assert.equal(renderMarkdown(source), html));
  }
});

/** Notes an attacker (or a careless paste) could put in a store. */
const HOSTILE = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(2)>",
  '<a href="javascript:alert(3)">click</a>',
  "[click](javascript:alert(4))",
  "[click](JaVaScRiPt:alert(5))",
  "[click](  javascript:alert(6)  )",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
  "[click](vbscript:msgbox(8))",
  "[click](//evil.example/x)",
  "[click](../../../etc/passwd)",
  "![x](https://evil.example/track.png)",
  '[x](https://ok.example/" onmouseover="alert(9))',
  "[x](https://ok.example/\"><script>alert(10)</script>)",
  "<https://ok.example/\"onmouseover=alert(11)>",
  "https://ok.example/\"><svg/onload=alert(12)>",
  "`</code><script>alert(13)</script>`",
  "```\n</pre><script>alert(14)</script>\n```",
  "# <iframe src=javascript:alert(15)>",
  "> <style>body{display:none}</style>",
  "- <object data=x>\n- [a](javascript:alert(16))",
  "**<b onclick=alert(17)>**",
  "[<img src=x onerror=alert(18)>](https://ok.example)",
  "<!-- comment --> &lt;already escaped&gt; &#x3C;script&#x3E;",
  "\u2028\u2029\u0000\u001b[31m",
  ">".repeat(5000) + " deep",
  "- ".repeat(3000) + "x",
  "*".repeat(20000),
  "[".repeat(20000) + "](https://ok.example)",
  "_a ".repeat(20000),
  "`".repeat(5000) + "x",
];

/** Every tag the renderer may write, with the only attributes it may give them. */
const ALLOWED_TAG = /^<(?:\/?(?:p|em|strong|code|pre|h[3-6]|ul|li|ol|blockquote|a)|hr|ol start="\d+"|a href="https?:\/\/[^"<>\s]+" rel="noopener noreferrer")>$/;

describe("a hostile note", () => {
  for (const [index, source] of HOSTILE.entries()) {
    test(`#${index} renders with only allowed tags and attributes, every link http(s)`, () => {
      const html = renderMarkdown(source);
      for (const tag of html.match(/<[^>]*>?/g) ?? []) assert.match(tag, ALLOWED_TAG, `${JSON.stringify(source.slice(0, 60))} gave ${tag}`);
      assert.doesNotMatch(html, /<(?!\/?(?:p|em|strong|code|pre|h[3-6]|ul|ol|li|blockquote|a|hr)[\s>])/);
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
        const url = new URL(href!.replace(/&amp;/g, "&"));
        assert.ok(url.protocol === "https:" || url.protocol === "http:", href);
      }
    });
  }

  test("text that looks like markup is shown as the text it is", () => {
    assert.equal(renderMarkdown("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    assert.equal(renderMarkdown("[click](javascript:alert(4))"), "<p>[click](javascript:alert(4))</p>");
    assert.equal(renderMarkdown("&lt;"), "<p>&amp;lt;</p>", "entities are text too, never decoded into markup");
  });
});

describe("the note on a report page", () => {
  async function reportWithNotes(): Promise<{ out: string; ids: string[] }> {
    const root = join(tempDir(), "mlruns");
    const store = openStore(root, { captureSource: false });
    const ids: string[] = [];
    for (const [index, note] of HOSTILE.slice(0, 24).entries()) {
      await store.experiment("notes").run({ name: `run-${index}` }, (run) => void ids.push(run.id));
      await store.setNote(ids[index]!, `**Reviewed**, see [the PR](https://example.com/pr/${index}).\n\n${note}`);
    }
    const out = join(tempDir(), "out");
    const script = join(tempDir(), "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    await buildReport({ store: root, out, assets: { script, style: fakeAssets(tempDir()).style } });
    return { out, ids };
  }

  test("setNote's Markdown appears rendered under a Note heading, hostile parts as text", async () => {
    const { out, ids } = await reportWithNotes();
    for (const [index, id] of ids.entries()) {
      const html = readFileSync(join(out, "runs", id, "index.html"), "utf8");
      const note = /<div class="note">([\s\S]*?)<\/div>\n<\/section>/.exec(html)?.[1] ?? "";
      const link = `<a href="https://example.com/pr/${index}" rel="noopener noreferrer">the PR</a>`;
      assert.ok(note.startsWith(`<p><strong>Reviewed</strong>, see ${link}.</p>\n`), `run ${index}: ${note}`);
      assert.equal(note.slice(note.indexOf("\n") + 1), renderMarkdown(HOSTILE[index]!), "the hostile part as the renderer renders it");
      assert.doesNotMatch(html, /<script>alert|<img |<iframe|<svg|<style>|<object|<[a-z][^>]*\son[a-z]+=|href="javascript:/i, `run ${index}`);
    }
  });

  test("in a browser, no hostile note runs a script, shows a dialog or makes a request", { skip: skipBrowser, timeout: 120_000 }, async () => {
    const { out, ids } = await reportWithNotes();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    try {
      const context = await browser.newContext();
      const requests: string[] = [];
      const dialogs: string[] = [];
      const errors: string[] = [];
      context.on("request", (request) => requests.push(request.url()));
      for (const id of ids) {
        const page = await context.newPage();
        page.on("dialog", (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(pathToFileURL(join(out, "runs", id, "index.html")).href);
        // Evaluated in the page (as text: the test's TypeScript has no DOM types).
        const handlers = (await page.evaluate(
          "[...document.querySelectorAll('.note *')].flatMap((e) => e.getAttributeNames().filter((n) => n.startsWith('on') || n === 'style'))",
        )) as string[];
        assert.deepEqual(handlers, [], id);
        const hrefs = (await page.evaluate("[...document.querySelectorAll('.note a')].map((a) => a.href)")) as string[];
        assert.ok(hrefs.length >= 1, id);
        for (const href of hrefs) assert.match(href, /^https?:\/\//, id);
        assert.equal(await page.locator(".note script, .note img, .note iframe, .note object, .note svg, .note style").count(), 0);
        await page.close();
      }
      assert.deepEqual(dialogs, []);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests.filter((url) => !url.startsWith("file://")), []);
    } finally {
      await browser.close();
    }
  });
});
