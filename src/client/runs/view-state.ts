/**
 * The runs table's view as data, and its round trip through the URL hash so a view can be shared:
 * `#f=<filter>&n=1&s=<column>:<asc|desc>&x=<expanded ids>&z=<collapsed ids>&c=<columns>&p=<page>`
 * (`n=1`: only the runs new since `report --base`).
 * A filter opens the ancestors of its matches by itself, so the hash only records the user's own choices:
 * rows opened by hand (`x`) and rows a filter opened that the user closed again (`z`). That keeps links
 * short even when a filter matches thousands of nested runs.
 * Every component is percent-encoded; list items are joined with a raw `,` (which encoding never produces),
 * so keys containing `,`, `:`, `&` or `=` survive. Unknown or malformed parts are ignored, never fatal:
 * a hand-edited or truncated link still opens the table.
 */
import { decodeComponent, hashParts } from "../hash-parts.js";

export type SortDirection = "asc" | "desc";

export interface SortState {
  /** A column id: `attributes.run_name`, `attributes.status`, `attributes.start_time`, `duration`,
   *  or `params.<key>` / `metrics.<key>` / `tags.<key>`. */
  readonly column: string;
  readonly direction: SortDirection;
}

export interface ViewState {
  /** The last filter that compiled (the text in the box may differ while the user types). */
  readonly filter: string;
  /** Only runs new since `report --base` (with their ancestors, as a filter keeps them). */
  readonly newOnly: boolean;
  readonly sort: SortState | null;
  /** Rows the user opened. */
  readonly expanded: ReadonlySet<string>;
  /** Rows the filter opened and the user closed. */
  readonly collapsed: ReadonlySet<string>;
  /** Chosen param/metric/tag column ids; null means the default choice. */
  readonly columns: readonly string[] | null;
  /** Zero-based page of root runs. */
  readonly page: number;
}

/** The hash names the table owns; the page's chart panel owns others of the same hash. */
export const VIEW_HASH_NAMES: readonly string[] = ["f", "n", "s", "x", "z", "c", "p"];

export const EMPTY_VIEW: ViewState = {
  filter: "",
  newOnly: false,
  sort: null,
  expanded: new Set(),
  collapsed: new Set(),
  columns: null,
  page: 0,
};

function encodeList(items: Iterable<string>): string {
  return Array.from(items, encodeURIComponent).join(",");
}

const decode = decodeComponent;

function decodeList(text: string): string[] {
  if (text === "") return [];
  const items: string[] = [];
  for (const part of text.split(",")) {
    const item = decode(part);
    if (item !== null && item !== "") items.push(item);
  }
  return items;
}

/** The hash for a view, without the leading `#`; the empty view gives "". Expanded ids are sorted. */
export function encodeViewHash(view: ViewState): string {
  const parts: string[] = [];
  if (view.filter !== "") parts.push(`f=${encodeURIComponent(view.filter)}`);
  if (view.newOnly) parts.push("n=1");
  if (view.sort) parts.push(`s=${encodeURIComponent(view.sort.column)}:${view.sort.direction}`);
  if (view.expanded.size > 0) parts.push(`x=${encodeList([...view.expanded].sort())}`);
  if (view.collapsed.size > 0) parts.push(`z=${encodeList([...view.collapsed].sort())}`);
  if (view.columns !== null) parts.push(`c=${encodeList(view.columns)}`);
  if (view.page > 0) parts.push(`p=${view.page + 1}`);
  return parts.join("&");
}

/** Parses a hash (with or without `#`). Missing parts take the empty view's values. */
export function decodeViewHash(hash: string): ViewState {
  let filter = "";
  let newOnly = false;
  let sort: SortState | null = null;
  let expanded = new Set<string>();
  let collapsed = new Set<string>();
  let columns: string[] | null = null;
  let page = 0;
  for (const [name, value] of hashParts(hash)) {
    if (name === "f") filter = decode(value) ?? "";
    else if (name === "n") newOnly = value === "1";
    else if (name === "s") sort = decodeSort(value);
    else if (name === "x") expanded = new Set(decodeList(value));
    else if (name === "z") collapsed = new Set(decodeList(value));
    else if (name === "c") columns = decodeList(value);
    else if (name === "p") {
      const n = Number(value);
      page = Number.isInteger(n) && n >= 1 ? n - 1 : 0;
    }
  }
  return { filter, newOnly, sort, expanded, collapsed, columns, page };
}

function decodeSort(value: string): SortState | null {
  // The direction follows the last `:`; a key may itself contain `:` (MLflow allows it).
  const colon = value.lastIndexOf(":");
  if (colon <= 0) return null;
  const column = decode(value.slice(0, colon));
  const direction = value.slice(colon + 1);
  if (column === null || column === "" || (direction !== "asc" && direction !== "desc")) return null;
  return { column, direction };
}
