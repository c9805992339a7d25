/**
 * A run's note (Markdown) as safe HTML for its report page. Not a full CommonMark: the blocks people write
 * in a note (paragraphs, headings, lists, quotes, fenced code, rules) and the inline part of
 * `markdown-inline.ts`. What it is for decides what it is not: there is no raw HTML (a `<script>` in a note
 * is shown as text), no image is loaded, and a link is an anchor only when it is http(s). Every text piece
 * is escaped on its way out, so markup appears only where this file and the inline renderer write it.
 *
 * Headings start at h3, under the page's "Note" heading. Quotes and list items nest up to `MAX_DEPTH`;
 * deeper, their lines are shown as text. Pure and deterministic.
 */
import { escapeHtml } from "./escape.js";
import { renderInline } from "./markdown-inline.js";

const MAX_DEPTH = 8;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}>[ ]?(.*)$/;
const ITEM = /^( {0,3})([-*+]|(\d{1,9})[.)])([ \t]+|$)(.*)$/;

/** Renders a note. @example renderMarkdown("**hi** <b>") // "<p><strong>hi</strong> &lt;b&gt;</p>" */
export function renderMarkdown(source: string): string {
  return blocks(source.replace(/\r\n?/g, "\n").split("\n"), 0).join("\n");
}

const isBlank = (line: string) => line.trim() === "";

/** Whether `line` begins a block that ends a paragraph. */
function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line);
}

function blocks(lines: readonly string[], depth: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence && !(fence[1]!.startsWith("`") && fence[2]!.includes("`"))) {
      const marker = fence[1]!;
      const closing = new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
      const body: string[] = [];
      for (i++; i < lines.length && !closing.test(lines[i]!); i++) body.push(lines[i]!);
      i++; // the closing fence (or the end of the note)
      out.push(`<pre><code>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(heading[1]!.length + 2, 6);
      out.push(`<h${level}>${renderInline(headingText(line.slice(heading[0].length)))}</h${level}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push("<hr>");
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]!); i++) inner.push(QUOTE.exec(lines[i]!)![1]!);
      out.push(depth < MAX_DEPTH ? `<blockquote>\n${blocks(inner, depth + 1).join("\n")}\n</blockquote>` : paragraph(inner));
      continue;
    }
    if (ITEM.test(line)) {
      i = list(lines, i, depth, out);
      continue;
    }
    const text: string[] = [];
    for (; i < lines.length && !isBlank(lines[i]!) && (text.length === 0 || !startsBlock(lines[i]!)); i++) text.push(lines[i]!.trim());
    out.push(paragraph(text));
  }
  return out;
}

/** A heading's text without its optional closing `#`s (done by hand: a regex would backtrack on spaces). */
function headingText(rest: string): string {
  const text = rest.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === "#") end--;
  if (end === 0) return "";
  return end < text.length && /[ \t]/.test(text[end - 1]!) ? text.slice(0, end).trimEnd() : text;
}

function paragraph(lines: readonly string[]): string {
  return `<p>${renderInline(lines.join("\n"))}</p>`;
}

/**
 * A list starting at `start`: items of the same kind (bullet or number), each with its continuation lines
 * (indented, or lazy: a plain line right after the item's text). Returns the index after the list.
 */
function list(lines: readonly string[], start: number, depth: number, out: string[]): number {
  const first = ITEM.exec(lines[start]!)!;
  const ordered = first[3] !== undefined;
  const items: string[][] = [];
  let i = start;
  while (i < lines.length) {
    const item = ITEM.exec(lines[i]!);
    if (!item || (item[3] !== undefined) !== ordered) break;
    const indent = item[1]!.length + item[2]!.length + Math.max(1, Math.min(item[4]!.length, 4));
    const body = [item[5]!];
    for (i++; i < lines.length; i++) {
      const next = lines[i]!;
      const indented = next.length - next.trimStart().length >= Math.min(indent, 4);
      if (isBlank(next)) {
        // Blank lines continue the item only when an indented line follows them.
        let after = i + 1;
        while (after < lines.length && isBlank(lines[after]!)) after++;
        const following = lines[after];
        if (following === undefined || following.length - following.trimStart().length < Math.min(indent, 4)) break;
        body.push("");
        i = after - 1;
      } else if (indented) body.push(next.slice(Math.min(indent, next.length - next.trimStart().length)));
      else if (!startsBlock(next) && !isBlank(body[body.length - 1]!)) body.push(next.trim());
      else break;
    }
    items.push(body);
    // Blank lines between two items of the list keep it going.
    let next = i;
    while (next < lines.length && isBlank(lines[next]!)) next++;
    const again = next < lines.length ? ITEM.exec(lines[next]!) : null;
    if (!again || (again[3] !== undefined) !== ordered) break;
    i = next;
  }
  const number = ordered ? Number(first[3]) : 1;
  const open = ordered ? (number === 1 ? "<ol>" : `<ol start="${number}">`) : "<ul>";
  const rendered = items.map((body) => `<li>${itemHtml(body, depth)}</li>`);
  out.push([open, ...rendered, ordered ? "</ol>" : "</ul>"].join("\n"));
  return i;
}

/**
 * An item's blocks (a nested list, a quote). In a tight item (no blank line) paragraphs are bare text, as
 * in CommonMark, so a plain list stays `<li>text</li>`.
 */
function itemHtml(body: readonly string[], depth: number): string {
  if (depth >= MAX_DEPTH) return renderInline(body.join("\n"));
  const inner = blocks(body, depth + 1);
  const tight = !body.some(isBlank);
  return inner.map((html) => (tight && html.startsWith("<p>") ? html.slice(3, -4) : html)).join("\n");
}
