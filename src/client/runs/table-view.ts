/**
 * The runs table kept across changes. A change re-plans the rows of the page, but a row whose run and state
 * (open or not, number of children, match or context) are unchanged keeps its element, so opening a parent
 * inserts its children's rows and leaves the rest of the table, laid out already, alone: the browser then
 * lays out a few rows, not a whole new table. Rows leave before new ones come in, so nothing is moved
 * that needs not be. The header is rebuilt only when the columns or the sort change.
 */
import { h, replaceChildren } from "../dom.js";
import { FIXED_COLUMNS } from "./columns.js";
import type { PlannedRow } from "./row-plan.js";
import { bodyRow, emptyRow, headRows, type TableInput } from "./table-render.js";

export interface TableView {
  readonly element: HTMLTableElement;
  update(input: TableInput): void;
}

function rowKey(input: TableInput, row: PlannedRow): string {
  if (row.kind === "more") return `more:${row.parent.index}:${row.shown}:${row.total}`;
  const n = row.node.index;
  const match = input.matched === null ? "" : input.matched[n] === 1 ? "m" : "c";
  return `run:${n}:${row.expanded ? 1 : 0}:${row.childCount}:${match}`;
}

export function createTableView(): TableView {
  const thead = h("thead");
  const tbody = h("tbody");
  const element = h("table", { class: "runs interactive" }, thead, tbody);
  let headKey: string | null = null;
  let rows = new Map<string, HTMLTableRowElement>();

  return {
    element,
    update(input) {
      const columns = [...FIXED_COLUMNS, ...input.columns];
      const key = JSON.stringify([input.columns.map((c) => c.id), input.sort]);
      if (key !== headKey) {
        headKey = key;
        replaceChildren(thead, ...headRows(input.columns, input.sort));
        // Rows carry a cell per column: new columns, new rows.
        rows = new Map();
      }
      const next = new Map<string, HTMLTableRowElement>();
      const wanted = input.rows.map((row) => {
        const rowId = rowKey(input, row);
        const tr = rows.get(rowId) ?? bodyRow(input, row, columns);
        next.set(rowId, tr);
        return tr;
      });
      if (wanted.length === 0) wanted.push(emptyRow(columns.length));
      rows = next;
      const keep = new Set(wanted);
      for (const tr of Array.from(tbody.children)) if (!keep.has(tr as HTMLTableRowElement)) tr.remove();
      let cursor = tbody.firstElementChild;
      for (const tr of wanted) {
        if (tr === cursor) cursor = cursor.nextElementSibling;
        else tbody.insertBefore(tr, cursor);
      }
    },
  };
}
