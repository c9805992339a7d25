/**
 * Shared by browser tests that build their own report: a store written by `write`, the current client
 * bundled (never a stale dist/ build), the site built into a temp folder, and headless Chromium with every
 * request and every script error or CSP violation recorded. Removed with `close()`.
 *
 * Needs Chromium at /usr/bin/chromium (never downloaded): `browserSkip` says why a suite is skipped without
 * it, except in CI (CI=true), where a missing browser is a failure.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { buildReport, type BuildOptions } from "../src/report/build.js";
import { openWatched } from "./browser-page.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));

export const browserSkip: string | false =
  !existsSync(CHROMIUM) && process.env["CI"] !== "true" ? `no browser at ${CHROMIUM}; set CI=true to make this a failure` : false;

export interface BrowserSite {
  /** The site's folder. */
  readonly out: string;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** Every URL a page of this context requested. */
  readonly requests: string[];
  /** Script errors and CSP violations, as `<page url>: <message>`. */
  readonly problems: string[];
  /** The file:// URL of a file of the site (`runs/<id>/index.html`, with a hash if wanted). */
  url(path: string): string;
  /** A new page on `path` of the site, watched for problems. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Writes a store with `write(storeDir)`, builds its report with `options` and opens a browser on it. */
export async function buildBrowserSite(
  write: (store: string) => Promise<void>,
  options: Partial<Omit<BuildOptions, "store" | "out" | "assets">> = {},
): Promise<BrowserSite> {
  assert.ok(existsSync(CHROMIUM), `CI=true but there is no browser at ${CHROMIUM}`);
  const dir = mkdtempSync(join(tmpdir(), "runtree-browser-site-"));
  try {
    const store = join(dir, "mlruns");
    await write(store);
    const script = join(dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    const out = join(dir, "site");
    await buildReport({ ...options, store, out, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    context.on("request", (request) => requests.push(request.url()));
    const url = (path: string): string => {
      const [file = "", hash] = path.split("#", 2);
      return pathToFileURL(join(out, ...file.split("/"))).href + (hash === undefined ? "" : `#${hash}`);
    };
    return {
      out,
      browser,
      context,
      requests,
      problems,
      url,
      open: (path) => openWatched(context, url(path), problems),
      async close() {
        await browser.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
