/**
 * Builds the runs table for a planned page of rows. Every row carries the markup contract's
 * `data-run-id`, `data-parent-id` and `data-depth`; the name cell holds the expand/collapse button and the
 * link to the run page. Indentation is a CSS custom property set through the CSSOM, which the page's CSP
 * allows (a `style` attribute would not be).
 */
import { h } from "../dom.js";
import { FIXED_COLUMNS, NAME_COLUMN, type Column } from "./columns.js";
import { valueCell } from "./cells.js";
import type { PlannedRow } from "./row-plan.js";
import type { SortState } from "./view-state.js";

export interface TableInput {
  readonly rows: readonly PlannedRow[];
  readonly columns: readonly Column[];
  readonly sort: SortState | null;
  /** Null when no filter is active; otherwise the runs the filter itself accepted (others are context). */
  readonly matchedIds: ReadonlySet<string> | null;
}

const GROUP_LABELS = { param: "Params", metric: "Metrics", tag: "Tags" } as const;

export function renderTable(input: TableInput): HTMLTableElement {
  const all = [...FIXED_COLUMNS, ...input.columns];
  return h(
    "table",
    { class: "runs interactive" },
    h("thead", {}, groupRow(input.columns), h("tr", {}, ...all.map((c) => headerCell(c, input.sort)))),
    h("tbody", {}, ...(input.rows.length > 0 ? input.rows.map((row) => bodyRow(row, all, input.matchedIds)) : [emptyRow(all.length)])),
  );
}

/** Said inside the table, so the headers (and the sort) stay where the user left them. */
function emptyRow(span: number): HTMLTableRowElement {
  return h("tr", { class: "empty-row" }, h("td", { colspan: span, class: "empty" }, "No run matches the filter."));
}

/** The first header row labels each run of param/metric/tag columns. */
function groupRow(columns: readonly Column[]): HTMLTableRowElement {
  const row = h("tr", { class: "groups" }, h("th", { colspan: FIXED_COLUMNS.length, scope: "colgroup" }));
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
    { scope: "col", "aria-sort": direction ? ARIA_SORT[direction] : "none", class: `col-${column.group}` },
    h(
      "button",
      { type: "button", class: "sort", "data-sort": column.id, title: `${column.id}: sort ${next}` },
      column.label,
      h("span", { class: "sort-mark", "aria-hidden": "true" }, direction === "asc" ? "▲" : direction === "desc" ? "▼" : ""),
    ),
  );
}

function bodyRow(
  row: PlannedRow,
  columns: readonly Column[],
  matchedIds: ReadonlySet<string> | null,
): HTMLTableRowElement {
  const run = row.node.run;
  const context = matchedIds !== null && !matchedIds.has(run.id);
  const tr = h("tr", {
    "data-run-id": run.id,
    "data-parent-id": run.parentId ?? "",
    "data-depth": row.node.depth,
    class: context ? "context" : matchedIds !== null ? "match" : null,
  });
  for (const column of columns) tr.appendChild(column === NAME_COLUMN ? nameCell(row) : valueCell(column, row.node));
  return tr;
}

function nameCell(row: PlannedRow): HTMLTableCellElement {
  const run = row.node.run;
  const cell = h("td", { class: "name" });
  cell.style.setProperty("--depth", String(row.node.depth));
  if (row.childCount > 0) {
    cell.appendChild(
      h(
        "button",
        {
          type: "button",
          class: "toggle",
          "aria-expanded": row.expanded ? "true" : "false",
          "data-toggle": run.id,
          title: `${row.expanded ? "Collapse" : "Expand"} ${row.childCount} child run${row.childCount === 1 ? "" : "s"}`,
        },
        h("span", { class: "visually-hidden" }, row.expanded ? "Collapse" : "Expand"),
      ),
    );
  } else {
    cell.appendChild(h("span", { class: "toggle-spacer", "aria-hidden": "true" }));
  }
  cell.appendChild(h("a", { href: run.href }, run.name === "" ? run.id : run.name));
  if (row.childCount > 0) cell.appendChild(h("span", { class: "child-count" }, String(row.childCount)));
  return cell;
}
