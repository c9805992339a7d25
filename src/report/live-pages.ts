/**
 * What makes the pages of a `report --watch` build refresh themselves, offline and without a server. A page
 * opened from file:// can neither fetch nor be told anything; what it can do is run a script from beside
 * it. So a live build writes, next to each page `P.html`, a `P.live.js` holding the page's changing parts
 * (its title, the content of `<main>`, the run data block) and their version, and at the site's root a tiny
 * `version.js` whose token changes whenever a build changes any file. The page's script polls `version.js`
 * by script-tag injection, and when the token moves it runs its own `.live.js` and swaps in what changed
 * (see client/live.ts). A page of a build without `--watch` has none of this and never polls.
 *
 * The markers below are found in our own layout (templates/layout.eta): user text is escaped before it is
 * written, so none of them can occur in it.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonExpression } from "./escape.js";
import { href } from "./links.js";
import { PAGE_CALLBACK, VERSION_CALLBACK, type LivePage } from "./page-data.js";
import type { SiteWriter } from "./site-writer.js";

/** The root file whose token says "something changed". */
export const VERSION_FILE = "version.js";

const BODY = '<body data-page="';
const MAIN_OPEN = "<main>\n";
const MAIN_CLOSE = "\n</main>";
const DATA_OPEN = '<script type="application/json" id="runtree-run">';

function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  if (start < 0) return "";
  const end = html.indexOf(close, start + open.length);
  return end < 0 ? "" : html.slice(start + open.length, end);
}

const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** Undoes `escapeHtml` (the title is text for `document.title`, not markup). */
function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** The site path of page `path`'s live script: `runs/x/index.html` → `runs/x/index.live.js`. */
export function liveScriptPath(path: string): string {
  return path.replace(/\.html$/, ".live.js");
}

/**
 * Page `path`'s HTML made live (it names its version and where to poll), and its `.live.js`. `salt` digests
 * the data files the page loads (see `salter`): a page whose data changed (an experiment's `data.js`, a
 * run's histories) while its markup did not must still refresh.
 */
export function livePage(path: string, html: string, salt = ""): { html: string; script: string } {
  const title = unescapeHtml(between(html, "<title>", "</title>"));
  const main = between(html, MAIN_OPEN, MAIN_CLOSE);
  const json = between(html, DATA_OPEN, "</script>");
  const version = createHash("sha1").update(`${title}\u0000${main}\u0000${json}\u0000${salt}`).digest("hex").slice(0, 20);
  const page: LivePage = { version, title, main, json };
  const own = liveScriptPath(path).split("/").pop()!;
  const attributes = `data-live="${href(path, VERSION_FILE)}" data-live-page="${own}" data-live-version="${version}" `;
  return {
    html: html.replace(BODY, `<body ${attributes}data-page="`),
    script: `window.${PAGE_CALLBACK} && window.${PAGE_CALLBACK}(${jsonExpression(page)});\n`,
  };
}

/** `version.js` with `token`. */
export function versionScript(token: string): string {
  return `window.${VERSION_CALLBACK} && window.${VERSION_CALLBACK}(${JSON.stringify(token)});\n`;
}

/** The token in a `version.js`, or null. */
export function tokenIn(script: string): string | null {
  return /\("([0-9a-z-]+)"\);\n$/.exec(script)?.[1] ?? null;
}

/** A token no earlier build used. */
export function newToken(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/** A live build's token: the one in place when no file changed (open pages have nothing to refresh), else a new one. */
export function nextToken(out: string, written: number): string {
  let current: string | null = null;
  try {
    current = tokenIn(readFileSync(join(out, VERSION_FILE), "utf8"));
  } catch {
    // the first live build here
  }
  return written === 0 && current !== null ? current : newToken();
}

/** Digests the data files a page loads, as they are written (nothing is kept). */
export function salter(): { add(content: string): void; digest(): string } {
  const hash = createHash("sha1");
  let value: string | undefined;
  return {
    add: (content) => void hash.update(content).update("\u0000"),
    digest: () => (value ??= hash.digest("hex")),
  };
}

export interface PageWriter {
  /** Whether pages are made live (else salts are not needed, and not worth computing). */
  readonly live: boolean;
  /** Writes an HTML page as `writer.write` does; in a live build, made live and with its `.live.js` beside it. */
  write(group: string, path: string, html: string, salt?: string): void;
}

export function pageWriter(writer: SiteWriter, live: boolean): PageWriter {
  if (!live) return { live, write: (group, path, html) => writer.write(group, path, html) };
  return {
    live,
    write(group, path, html, salt = "") {
      const made = livePage(path, html, salt);
      writer.write(group, path, made.html);
      writer.write(group, liveScriptPath(path), made.script);
    },
  };
}
