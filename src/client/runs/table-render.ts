/**
 * Builds the parts of the runs table (table-view.ts puts them together and keeps them). Every row carries
 * the markup contract's
 * `data-run-id`, `data-parent-id` and `data-depth`; the name cell holds the expand/collapse button and the
 * link to the run page. Indentation is a CSS custom property set through the CSSOM, which the page's CSP
 * allows (a `style` attribute would not be).
 */
import { formatCount } from "../../report/format.js";
import { h } from "../dom.js";
import { NAME_COLUMN, type Column } from "./columns.js";
import { valueCell } from "./cells.js";
import type { RunData } from "./run-data.js";
import type { PlannedRow } from "./row-plan.js";
import type { SortState } from "./view-state.js";

export interface TableInput {
  readonly data: RunData;
  readonly rows: readonly PlannedRow[];
  /** The columns always shown (`fixedColumns`). */
  readonly fixed: readonly Column[];
  /** The chosen param, metric and tag columns. */
  readonly columns: readonly Column[];
  readonly sort: SortState | null;
  /** Null when no filter is active; otherwise the runs the filter itself accepted (others are context). */
  readonly matched: Uint8Array | null;
  /** Children a "show more" row adds. */
  readonly moreStep: number;
  /** Whether a run is ticked for comparison (boxes of rows built later start as the selection says). */
  readonly isSelected: (id: string) => boolean;
}

const GROUP_LABELS = { param: "Params", metric: "Metrics", tag: "Tags" } as const;

/** The header rows: the groups of the chosen columns, then every column with its sort button. */
export function headRows(fixed: readonly Column[], columns: readonly Column[], sort: SortState | null): HTMLTableRowElement[] {
  const select = h("th", { scope: "col", class: "col-select" }, h("span", { class: "visually-hidden" }, "Select"));
  return [groupRow(fixed.length + 1, columns), h("tr", {}, select, ...[...fixed, ...columns].map((c) => headerCell(c, sort)))];
}

/** Said inside the table, so the headers (and the sort) stay where the user left them. */
export function emptyRow(span: number): HTMLTableRowElement {
  return h("tr", { class: "empty-row" }, h("td", { colspan: span + 1, class: "empty" }, "No run matches the filter."));
}

/** The first header row labels each run of param/metric/tag columns. */
function groupRow(fixed: number, columns: readonly Column[]): HTMLTableRowElement {
  const row = h("tr", { class: "groups" }, h("th", { colspan: fixed, scope: "colgroup" }));
  let i = 0;
  while (i < columns.length) {
    const group = columns[i]?.group;
    let span = 0;
    while (columns[i + span]?.group === group) span++;
    const label = group === "param" || group === "metric" || group === "tag" ? GROUP_LABELS[group] : "";
    row.appendChild(h("th", { colspan: span, scope: "colgroup", class: `group-${group ?? ""}` }, label));
    i += span;
  }
  return row;
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

function headerCell(column: Column, sort: SortState | null): HTMLTableCellElement {
  const direction = sort?.column === column.id ? sort.direction : null;
  const next = direction === null ? "ascending" : direction === "asc" ? "descending" : "unsorted";
  return h(
    "th",
    { scope: "col", "aria-sort": direction ? ARIA_SORT[direction] : "none", class: column === NAME_COLUMN ? "col-attribute col-name" : `col-${column.group}` },
    h(
      "button",
      { type: "button", class: "sort", "data-sort": column.id, title: `${column.id}: sort ${next}` },
      column.label,
      h("span", { class: "sort-mark", "aria-hidden": "true" }, direction === "asc" ? "▲" : direction === "desc" ? "▼" : ""),
    ),
  );
}

/** A row of the body; `columns` are all of them, the fixed ones first. */
export function bodyRow(input: TableInput, row: PlannedRow, columns: readonly Column[]): HTMLTableRowElement {
  if (row.kind === "more") return moreRow(input, row, columns.length);
  const { data, matched } = input;
  const run = row.node.index;
  const context = matched !== null && matched[run] !== 1;
  const tr = h("tr", {
    "data-run-id": data.id(run),
    "data-parent-id": data.parentId(run) ?? "",
    "data-depth": data.depth(run),
    "data-new": data.isNew(run) ? "true" : null,
    class: context ? "context" : matched !== null ? "match" : null,
  });
  tr.appendChild(selectCell(input, row));
  for (const column of columns) tr.appendChild(bodyCell(input, row, column));
  return tr;
}

/** A run's cell in `column`. */
export function bodyCell(input: TableInput, row: Extract<PlannedRow, { kind: "run" }>, column: Column): HTMLTableCellElement {
  return column === NAME_COLUMN ? nameCell(input.data, row) : valueCell(column, input.data, row.node.index);
}

/** The run's box for comparison, and on a parent's row the button that selects its children. */
function selectCell(input: TableInput, row: Extract<PlannedRow, { kind: "run" }>): HTMLTableCellElement {
  const { data } = input;
  const run = row.node.index;
  const id = data.id(run);
  const box = h("input", { type: "checkbox", "data-select-run": "", value: id, "aria-label": `Select ${displayName(data, run)}` });
  box.checked = input.isSelected(id);
  const children = row.childCount > 0 && h(
    "button",
    { type: "button", class: "select-children", "data-select-children": id, title: `Select its ${row.childCount} child run${row.childCount === 1 ? "" : "s"}` },
    h("span", { class: "visually-hidden" }, "Select its children"),
  );
  return h("td", { class: "select" }, box, children);
}

/** Not a run: the rest of a long list of children, a click away (it has no data-run-id). */
function moreRow(input: TableInput, row: Extract<PlannedRow, { kind: "more" }>, span: number): HTMLTableRowElement {
  const { data } = input;
  const hidden = row.total - row.shown;
  const next = Math.min(hidden, input.moreStep);
  const n = formatCount;
  const cell = h(
    "td",
    { colspan: span + 1, class: "more" },
    h("button", { type: "button", "data-more": data.id(row.parent.index) }, `Show ${n(next)} more`),
    ` ${n(hidden)} of ${n(row.total)} child runs of ${displayName(data, row.parent.index)} not shown`,
  );
  cell.style.setProperty("--depth", String(data.depth(row.parent.index) + 1));
  return h("tr", { class: "more-row" }, cell);
}

function displayName(data: RunData, run: number): string {
  const name = data.name(run);
  return name === "" ? data.id(run) : name;
}

function nameCell(data: RunData, row: Extract<PlannedRow, { kind: "run" }>): HTMLTableCellElement {
  const run = row.node.index;
  const id = data.id(run);
  const cell = h("td", { class: "name" });
  cell.style.setProperty("--depth", String(data.depth(run)));
  if (row.childCount > 0) {
    cell.appendChild(
      h(
        "button",
        {
          type: "button",
          class: "toggle",
          "aria-expanded": row.expanded ? "true" : "false",
          "data-toggle": id,
          title: `${row.expanded ? "Collapse" : "Expand"} ${row.childCount} child run${row.childCount === 1 ? "" : "s"}`,
        },
        h("span", { class: "visually-hidden" }, row.expanded ? "Collapse" : "Expand"),
      ),
    );
  } else {
    cell.appendChild(h("span", { class: "toggle-spacer", "aria-hidden": "true" }));
  }
  cell.appendChild(h("a", { href: data.href(run) }, displayName(data, run)));
  if (data.base !== null && data.isNew(run)) {
    cell.append(" ", h("span", { class: "badge-new", title: `not in the store at ${data.base.short}` }, "new"));
  }
  if (row.childCount > 0) cell.appendChild(h("span", { class: "child-count" }, String(row.childCount)));
  return cell;
}
