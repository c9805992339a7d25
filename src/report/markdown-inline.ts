/**
 * Markdown's inline part for run notes: code spans, emphasis (`*em*`, `**strong**`, `***both***`, or with
 * `_`), links `[text](url)`, autolinks `<https://…>` and bare `https://…` URLs. Everything else is text,
 * and every piece of text goes through `escapeHtml`: there is no raw HTML in a note, whatever it contains.
 * A link becomes an anchor only when its URL is http(s); any other (`javascript:`, `data:`, a relative path
 * that would point into the report) stays visible as the text it was written as. Images are links too: a
 * report makes no network request.
 *
 * Hostile input stays cheap: a closing delimiter is looked for within `MAX_SCAN` characters, and nesting
 * stops at `MAX_DEPTH`, so the cost is linear in the note's length.
 */
import { escapeHtml } from "./escape.js";

const MAX_SCAN = 1000;
const MAX_DEPTH = 8;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const AUTOLINK = /^<(https?:\/\/[^\s<>]+)>/i;
const WORD = /[\p{L}\p{N}]/u;
const BARE_URL = /^https?:\/\/[^\s<>"]*[^\s<>".,;:!?'()[\]{}*_~]/i;

/** Whether `url` may be a link target: an absolute http(s) URL without spaces or control characters. */
export function isSafeUrl(url: string): boolean {
  if (!/^https?:\/\//i.test(url) || /[\s\u0000-\u001f\u007f-\u009f]/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}

function anchor(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${label}</a>`;
}

/** Renders one block's text (lines joined by "\n") to HTML; inside a link's label, no further links. */
export function renderInline(text: string, depth = 0, inLink = false): string {
  let out = "";
  let plain = "";
  let i = 0;
  const emit = (html: string, next: number) => {
    out += escapeHtml(plain) + html;
    plain = "";
    i = next;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length && ESCAPABLE.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      const width = runLength(text, i, "`");
      const close = findRun(text, i + width, "`", width, i + width + MAX_SCAN);
      if (close >= 0) emit(`<code>${escapeHtml(codeText(text.slice(i + width, close)))}</code>`, close + width);
      else {
        plain += text.slice(i, i + width);
        i += width;
      }
      continue;
    }
    const image = c === "!" && text[i + 1] === "[";
    if ((c === "[" || image) && depth < MAX_DEPTH && !inLink) {
      const link = parseLink(text, image ? i + 1 : i);
      if (link && isSafeUrl(link.url)) {
        emit(anchor(link.url, link.label === "" ? escapeHtml(link.url) : renderInline(link.label, depth + 1, true)), link.end);
        continue;
      }
    }
    if (c === "<" && !inLink) {
      const auto = AUTOLINK.exec(text.slice(i, i + MAX_SCAN));
      if (auto && isSafeUrl(auto[1]!)) {
        emit(anchor(auto[1]!, escapeHtml(auto[1]!)), i + auto[0].length);
        continue;
      }
    }
    if ((c === "h" || c === "H") && !inLink && /^https?:\/\//i.test(text.slice(i, i + 8)) && !WORD.test(text[i - 1] ?? "")) {
      const bare = BARE_URL.exec(text.slice(i, i + MAX_SCAN));
      if (bare && isSafeUrl(bare[0])) {
        emit(anchor(bare[0], escapeHtml(bare[0])), i + bare[0].length);
        continue;
      }
    }
    if ((c === "*" || c === "_") && depth < MAX_DEPTH) {
      const emphasis = parseEmphasis(text, i, c);
      if (emphasis) {
        const inner = renderInline(text.slice(emphasis.from, emphasis.to), depth + 1, inLink);
        const html = emphasis.width === 1 ? `<em>${inner}</em>` : emphasis.width === 2 ? `<strong>${inner}</strong>` : `<em><strong>${inner}</strong></em>`;
        emit(html, emphasis.to + emphasis.width);
        continue;
      }
      const width = runLength(text, i, c);
      plain += text.slice(i, i + width);
      i += width;
      continue;
    }
    plain += c;
    i++;
  }
  return out + escapeHtml(plain);
}

function runLength(text: string, at: number, char: string): number {
  let end = at;
  while (text[end] === char) end++;
  return end - at;
}

/** The start of the next run of exactly `width` `char`s from `from` up to `end`; or -1. */
function findRun(text: string, from: number, char: string, width: number, end: number): number {
  const limit = Math.min(text.length, end);
  for (let i = from; i < limit; ) {
    if (text[i] !== char) {
      i++;
      continue;
    }
    const run = runLength(text, i, char);
    if (run === width) return i;
    i += run;
  }
  return -1;
}

/** A code span's content: one leading and trailing space are dropped when both are there (CommonMark). */
function codeText(text: string): string {
  const flat = text.replace(/\n/g, " ");
  return flat.length > 2 && flat.startsWith(" ") && flat.endsWith(" ") ? flat.slice(1, -1) : flat;
}

/** `*x*`, `**x**`, `***x***` (or `_`): the delimiters hug the content; `_` never opens or closes inside a word. */
function parseEmphasis(text: string, at: number, char: string): { from: number; to: number; width: number } | undefined {
  const width = runLength(text, at, char);
  if (width > 3) return undefined;
  const from = at + width;
  if (from >= text.length || /\s/.test(text[from]!)) return undefined;
  if (char === "_" && WORD.test(text[at - 1] ?? "")) return undefined;
  for (let search = from; ; ) {
    const close = findRun(text, search, char, width, from + MAX_SCAN);
    if (close < 0) return undefined;
    const hugs = close > from && !/\s/.test(text[close - 1]!);
    const wordAfter = char === "_" && WORD.test(text[close + width] ?? "");
    if (hugs && !wordAfter) return { from, to: close, width };
    search = close + width;
  }
}

/** `[label](url)` or `[label](<url> "title")` starting at `at` (the `[`); the title is dropped. */
function parseLink(text: string, at: number): { label: string; url: string; end: number } | undefined {
  const limit = Math.min(text.length, at + MAX_SCAN);
  let depth = 0;
  let close = -1;
  for (let i = at; i < limit && close < 0; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) close = i;
  }
  if (close < 0 || text[close + 1] !== "(") return undefined;
  const rest = /^\(\s*(?:<([^<>\n]*)>|([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*))(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/.exec(text.slice(close + 1, close + 1 + MAX_SCAN));
  if (!rest) return undefined;
  return { label: text.slice(at + 1, close), url: rest[1] ?? rest[2] ?? "", end: close + 1 + rest[0].length };
}
