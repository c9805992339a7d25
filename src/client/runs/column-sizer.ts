/**
 * A hidden row that holds, for each column, the widest cell a run of the page's trees could show in it, so
 * that opening a tree does not widen the columns. A table lays out every row again when a column's width
 * changes: on the 10,000-run page the first expand's layout took 25–40 ms (children bring a param the
 * parents lack, deeper names, more digits) against 13–17 ms for later ones, whose widths held. A row with
 * `visibility: collapse` (report.css) takes no room but its cells count for the column widths (CSS 2.1
 * §17.5.5), so the browser measures the real cells. The widest run per column is picked by characters (a
 * level of indent counts as three); the row is a copy without links, buttons' hooks or data attributes.
 */
import { formatDuration, formatNumber, formatParam } from "../../report/format.js";
import { h } from "../dom.js";
import { NAME_COLUMN, type Column } from "./columns.js";
import type { PlannedRow } from "./row-plan.js";
import type { RunData } from "./run-data.js";
import type { RunNode } from "./run-index.js";
import { bodyCell, type TableInput } from "./table-render.js";

/** Runs of the page's trees looked at, at most: a sweep of 100,000 trials shows its first hundred anyway. */
const MAX_RUNS = 2000;
/** Characters a level of indent is worth (--indent is 1.35rem against the body's 14px). */
const INDENT_CHARS = 3;

type Measure = (data: RunData, node: RunNode) => number;

/** How many characters `column`'s cell shows for a run; null for a column whose cells all have one width. */
function measureFor(column: Column): Measure | null {
  switch (column.group) {
    case "param":
      return (data, node) => {
        const value = data.param(column.index, node.index);
        return value === undefined ? 0 : formatParam(value).length;
      };
    case "metric":
      return (data, node) => {
        const best = data.best(node.index);
        if (best !== undefined && best.metric === column.index) return formatNumber(best.value).length + 1;
        const value = data.metric(column.index, node.index);
        return value === undefined ? 0 : formatNumber(value).length;
      };
    case "tag":
      return (data, node) => data.tag(column.index, node.index)?.length ?? 0;
    case "attribute":
      if (column === NAME_COLUMN) {
        return (data, node) => {
          const children = node.children.length;
          const name = data.name(node.index) || data.id(node.index);
          return name.length + data.depth(node.index) * INDENT_CHARS + (children > 0 ? String(children).length + 2 : 0);
        };
      }
      if (column.id === "duration") {
        return (data, node) => {
          const duration = data.duration(node.index);
          return duration === null ? 0 : formatDuration(duration).length;
        };
      }
      return null;
  }
}

/** The runs under the page's top-level runs (not those runs themselves: they are shown), up to MAX_RUNS. */
function hiddenRuns(roots: readonly RunNode[]): RunNode[] {
  const out: RunNode[] = [];
  const stack = [...roots];
  while (stack.length > 0 && out.length < MAX_RUNS) {
    const node = stack.pop()!;
    for (const child of node.children) {
      out.push(child);
      stack.push(child);
    }
  }
  return out;
}

/** Takes away what makes a cell a control or a hook, so the copy is only its box. */
function inert(cell: HTMLTableCellElement): HTMLTableCellElement {
  for (const element of [cell, ...Array.from(cell.querySelectorAll("*"))]) {
    for (const name of element.getAttributeNames()) {
      if (name.startsWith("data-") || name === "href" || name === "title" || name === "id") element.removeAttribute(name);
    }
  }
  return cell;
}

/**
 * The hidden row for a page whose top-level runs are `roots`, or null when they have no runs under them.
 * `columns` are all of them, the fixed ones first (the selection boxes' column has its own fixed width).
 */
export function sizerRow(input: TableInput, columns: readonly Column[], roots: readonly RunNode[]): HTMLTableRowElement | null {
  const runs = hiddenRuns(roots);
  if (runs.length === 0) return null;
  const cells = columns.map((column) => {
    const measure = measureFor(column);
    let widest: RunNode | null = null;
    let most = 1;
    if (measure !== null) {
      for (const node of runs) {
        const length = measure(input.data, node);
        if (length > most) [widest, most] = [node, length];
      }
    }
    if (widest === null) return h("td", {});
    const row: PlannedRow = { kind: "run", node: widest, childCount: widest.children.length, expanded: false };
    return inert(bodyCell(input, row, column));
  });
  return h("tr", {}, h("td", { class: "select" }), ...cells);
}
