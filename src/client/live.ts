/**
 * A page of a `report --watch` build keeps itself up to date. Its `<body>` names, in `data-live`, the
 * build's `version.js` and, in `data-live-page`, its own `.live.js` (live-pages.ts on the builder's side).
 * Every `POLL_MS` the page runs `version.js` by script tag (a page opened from file:// cannot fetch, and
 * this makes no network request: the files are beside it); when the build's token has moved, it runs its
 * own `.live.js`, and if its content changed it swaps in the new `<main>` and run data and mounts its views
 * again. The views read their state from the URL hash as they mount (filter, sort, open rows, columns,
 * chart zoom), so the reader's view survives; so do the scroll position and text typed into a filter box.
 * The compare page shows runs from anywhere in the site, which its own file does not follow: it mounts
 * again (loading its runs' summaries afresh) whenever the token moves. A page without `data-live` (any
 * build without --watch) never polls.
 */
import { PAGE_CALLBACK, VERSION_CALLBACK, type LivePage } from "../report/page-data.js";
import { forgetChunks } from "./charts/chunk-loader.js";
import { loadScript, setScriptVersion } from "./load-script.js";
import { renewPage } from "./page-life.js";

/** How often `version.js` is looked at: a rebuild shows within this, plus the time to swap. */
export const POLL_MS = 1000;

type Callbacks = Record<string, ((value: unknown) => void) | undefined>;

function isLivePage(value: unknown): value is LivePage {
  if (typeof value !== "object" || value === null) return false;
  const page = value as Record<string, unknown>;
  return typeof page.version === "string" && typeof page.title === "string" && typeof page.main === "string" && typeof page.json === "string";
}

/** Runs the script at `src` and returns what it handed to the global `callback`, if anything. */
async function received(src: string, callback: string): Promise<unknown> {
  const global = window as unknown as Callbacks;
  const got: { value?: unknown } = {};
  global[callback] = (value) => (got.value = value);
  try {
    await loadScript(src);
  } finally {
    global[callback] = undefined;
  }
  return got.value;
}

/** The text input the reader is in, to put back after the swap (a filter being typed, not yet applied). */
function typing(main: Element): { selector: string; value: string; start: number | null; end: number | null } | null {
  const active = document.activeElement;
  if (!(active instanceof HTMLInputElement) || !main.contains(active) || active.name === "") return null;
  const selector = `input[name="${active.name.replace(/["\\]/g, "\\$&")}"]`;
  return { selector, value: active.value, start: active.selectionStart, end: active.selectionEnd };
}

async function apply(page: LivePage, remount: () => Promise<void>): Promise<void> {
  const main = document.querySelector("main");
  if (!main) return;
  const typed = typing(main);
  const scroll = window.scrollY;
  renewPage();
  forgetChunks();
  document.title = page.title;
  // The builder's own markup, every user string in it escaped: the one place, with the static table's
  // restore (runs/static-table.ts), where this script writes markup from a string.
  main.innerHTML = page.main;
  const data = document.getElementById("runtree-run");
  if (data && page.json !== "") data.textContent = page.json;
  document.body.setAttribute("data-live-version", page.version);
  await remount();
  window.scrollTo(0, scroll);
  if (typed) {
    const input = main.querySelector<HTMLInputElement>(typed.selector);
    if (input && input.value !== typed.value) {
      input.value = typed.value;
      input.focus();
      input.setSelectionRange(typed.start, typed.end);
    }
  }
}

/** Starts polling when the page is live; `remount` mounts the page's views on the swapped-in content. */
export function startLive(remount: () => Promise<void>): void {
  const versionSrc = document.body.getAttribute("data-live");
  const pageSrc = document.body.getAttribute("data-live-page");
  if (!versionSrc || !pageSrc) return;
  let version = document.body.getAttribute("data-live-version") ?? "";
  const always = document.body.getAttribute("data-page") === "compare";
  let token: string | null = null;
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const seen = await received(`${versionSrc}?t=${Date.now()}`, VERSION_CALLBACK);
      if (typeof seen !== "string" || seen === token) return;
      const page = await received(`${pageSrc}?v=${encodeURIComponent(seen)}`, PAGE_CALLBACK);
      token = seen;
      setScriptVersion(seen);
      if (!isLivePage(page) || (page.version === version && !always)) return;
      version = page.version;
      await apply(page, remount);
    } catch {
      // A file caught between two builds, or gone for a moment: the next poll tries again.
    } finally {
      busy = false;
    }
  };
  void poll();
  window.setInterval(() => void poll(), POLL_MS);
}
