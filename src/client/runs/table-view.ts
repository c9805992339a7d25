/**
 * The runs table kept across changes. A change re-plans the rows of the page, but a row whose run and state
 * (open or not, number of children, match or context) are unchanged keeps its element, so opening a parent
 * inserts its children's rows and leaves the rest of the table, laid out already, alone. Rows leave before
 * new ones come in, so nothing is moved that needs not be. The header is rebuilt only when the columns or
 * the sort change.
 *
 * New rows are built a screenful first: the first frame shows what the reader can see, and the rest of the
 * page's rows follow in the next task (the table carries `data-filling` until then). Laying out a hundred
 * rows of a wide table costs about three times what the visible thirty do, and that is most of what
 * opening or filtering a big experiment costs. With the rest comes the hidden row that keeps the columns
 * as wide as anything in the page's trees (column-sizer.ts), so opening one of them lays out no other row.
 */
import { h, replaceChildren } from "../dom.js";
import type { PlannedRow } from "./row-plan.js";
import { bodyRow, emptyRow, headRows, type TableInput } from "./table-render.js";
import { sizerRow } from "./column-sizer.js";

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

/**
 * The lowest a body row can be, in CSS pixels: one line of the body's 14px/1.45 text, a cell's 0.3rem
 * padding above and below and its 1px border (report.css). Taller rows only mean fewer of them fit.
 */
const MIN_ROW_HEIGHT = 30;

/**
 * New rows built before the first frame: as many as fit between the top of the table's body (`top`, in
 * the window's coordinates; above the window counts as its top edge) and the window's bottom.
 */
function firstRows(top: number): number {
  return Math.max(1, Math.ceil((window.innerHeight - Math.max(0, top)) / MIN_ROW_HEIGHT) + 1);
}

/** Makes `tbody`'s rows exactly `wanted`, in order, removing the others first. */
function reconcile(tbody: HTMLTableSectionElement, wanted: readonly HTMLTableRowElement[]): void {
  const keep = new Set<Element>(wanted);
  for (const tr of Array.from(tbody.children)) if (!keep.has(tr)) tr.remove();
  let cursor = tbody.firstElementChild;
  for (const tr of wanted) {
    if (tr === cursor) cursor = cursor.nextElementSibling;
    else tbody.insertBefore(tr, cursor);
  }
}

export function createTableView(): TableView {
  const thead = h("thead");
  const tbody = h("tbody");
  // The hidden row that keeps the columns as wide as the page's trees need (column-sizer.ts).
  const sizer = h("tfoot", { class: "sizer", "aria-hidden": "true", inert: true });
  const element = h("table", { class: "runs interactive" }, thead, tbody, sizer);
  let headKey: string | null = null;
  let sizerKey: string | null = null;
  let columnsKey: string | null = null;
  let rows = new Map<string, HTMLTableRowElement>();
  /** Bumped by every update, so a fill scheduled for an older one does nothing. */
  let generation = 0;

  return {
    element,
    update(input) {
      const mine = ++generation;
      const columns = [...input.fixed, ...input.columns];
      const ids = JSON.stringify(columns.map((c) => c.id));
      // Rows carry a cell per column: new columns, new rows.
      const previous = ids === columnsKey ? rows : new Map<string, HTMLTableRowElement>();
      const planned = input.rows.map((row) => ({ row, rowId: rowKey(input, row) }));
      // New rows before the first frame: all of them when they fit in any window; else those that fit
      // below the body's top. That top is read before this update changes anything (the layout it asks for
      // is the one already made), and only once the table has rows: a first render counts from the
      // window's top, which keeps the rest that follows it (work an early click waits behind) smaller.
      const fresh = planned.reduce((n, entry) => (previous.has(entry.rowId) ? n : n + 1), 0);
      const laidOut = tbody.rows.length > 0;
      let budget = fresh <= firstRows(0) ? fresh : firstRows(laidOut ? tbody.getBoundingClientRect().top : 0);
      const key = JSON.stringify([ids, input.sort]);
      if (key !== headKey) {
        headKey = key;
        replaceChildren(thead, ...headRows(input.fixed, input.columns, input.sort));
      }
      columnsKey = ids;
      const roots = input.rows.flatMap((row) => (row.kind === "run" && row.node.parent === null ? [row.node] : []));
      const widths = `${ids}:${roots.map((node) => node.index).join(",")}`;
      const size = () => {
        if (widths === sizerKey) return;
        sizerKey = widths;
        const row = sizerRow(input, columns, roots);
        replaceChildren(sizer, ...(row ? [row] : []));
      };
      const next = new Map<string, HTMLTableRowElement>();
      const build = (entry: (typeof planned)[number]): HTMLTableRowElement => {
        const tr = next.get(entry.rowId) ?? previous.get(entry.rowId) ?? bodyRow(input, entry.row, columns);
        next.set(entry.rowId, tr);
        return tr;
      };
      // Rows the table has already are placed at once; new ones up to the budget.
      const now = planned.flatMap((entry) => (previous.has(entry.rowId) || budget-- > 0 ? [build(entry)] : []));
      rows = next;
      reconcile(tbody, planned.length === 0 ? [emptyRow(columns.length)] : now);
      if (now.length === planned.length) {
        size();
        element.removeAttribute("data-filling");
        return;
      }
      element.setAttribute("data-filling", "");
      // After the frame that shows the first rows: the frame callback runs before painting, the timer after.
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (mine !== generation) return;
          reconcile(tbody, planned.map(build));
          size();
          element.removeAttribute("data-filling");
        }, 0),
      );
    },
  };
}
