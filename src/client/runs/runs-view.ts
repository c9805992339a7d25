/**
 * The interactive runs table of an experiment page: it replaces the server's no-JS table with a tree that
 * filters, sorts siblings, expands and pages, and keeps its view in the URL hash (history.replaceState, so
 * the back button is not flooded). Indexes are built once; each change re-plans and re-renders one page.
 */
import type { ExperimentData } from "../../report/page-data.js";
import { h, replaceChildren } from "../dom.js";
import { choosableColumns, findColumn, resolveColumns } from "./columns.js";
import { compileFilterText } from "./filter-compile.js";
import { entityHint } from "./filter-hint.js";
import { isExpanded, setAuto, setExpanded, type Expansion } from "./expansion.js";
import { filterTree, type FilterResult } from "./filter-tree.js";
import { createPager } from "./pager.js";
import { buildRunIndex, type RunNode } from "./run-index.js";
import { planRows, type RowPlan } from "./row-plan.js";
import { comparatorFor, type NodeComparator } from "./sort.js";
import { renderTable } from "./table-render.js";
import { createToolbar } from "./toolbar.js";
import { writeHash as writeUrlHash } from "../url-hash.js";
import { decodeViewHash, encodeViewHash, type SortState, type ViewState } from "./view-state.js";

/** Root runs per page: enough to scan, few enough that a page renders in a frame or two. */
export const PAGE_SIZE = 100;

interface MutableView {
  filter: string;
  sort: SortState | null;
  open: Expansion;
  columns: string[] | null;
  page: number;
}

export function mountRunsTable(container: HTMLElement, data: ExperimentData): void {
  // The server's "No runs." says it better than an empty interactive table.
  if (data.runs.length === 0) return;
  const index = buildRunIndex(data.runs, data.name);
  const choosable = choosableColumns(data);
  const open: Expansion = { expanded: new Set(), collapsed: new Set(), auto: new Set() };
  const view: MutableView = { filter: "", sort: null, open, columns: null, page: 0 };
  let filtered: FilterResult | null = null;
  let matchedIds: ReadonlySet<string> | null = null;
  let compare: NodeComparator | null = null;
  let orderCache = new Map<RunNode | null, readonly RunNode[]>();
  let plan: RowPlan | null = null;
  let writtenHash = "";

  const toolbar = createToolbar(
    choosable,
    {
      onFilter: (text) => {
        if (!applyFilter(text)) return;
        view.page = 0;
        update();
      },
      onColumns: (ids) => {
        view.columns = ids;
        update();
      },
      onExpandPage: (expand) => {
        expandPage(expand);
        update();
      },
    },
    "runtree-runs",
  );
  const pager = createPager((page) => {
    view.page = page;
    update();
  });
  const tableSlot = h("div", { class: "runs-scroll" });
  replaceChildren(container, toolbar.element, tableSlot, pager.element);
  container.classList.add("enhanced");

  tableSlot.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const toggle = target.closest("button[data-toggle]");
    if (toggle) {
      const id = toggle.getAttribute("data-toggle") ?? "";
      setExpanded(view.open, id, !isExpanded(view.open, id));
      update(`button[data-toggle="${cssEscape(id)}"]`);
      return;
    }
    const column = target.closest("button[data-sort]")?.getAttribute("data-sort");
    if (column) {
      cycleSort(column);
      update(`button[data-sort="${cssEscape(column)}"]`);
    }
  });

  /** Compiles and applies a filter; false (and the error shown) when it does not parse. */
  function applyFilter(text: string): boolean {
    const compiled = compileFilterText(text);
    if (!compiled.ok) {
      toolbar.showError(compiled.message, entityHint(compiled.expected, compiled.found, data));
      return false;
    }
    toolbar.showError(null);
    view.filter = compiled.predicate === null ? "" : text;
    filtered = compiled.predicate === null ? null : filterTree(index, compiled.predicate);
    matchedIds = filtered ? new Set([...filtered.matched].map((node) => node.run.id)) : null;
    orderCache = new Map();
    // Open the way to every match; the user may close rows again afterwards.
    setAuto(view.open, new Set(filtered ? [...filtered.ancestors].map((node) => node.run.id) : []));
    return true;
  }

  function cycleSort(id: string): void {
    const current = view.sort?.column === id ? view.sort.direction : null;
    view.sort = current === null ? { column: id, direction: "asc" } : current === "asc" ? { column: id, direction: "desc" } : null;
    setComparator();
  }

  function setComparator(): void {
    const column = view.sort ? findColumn(choosable, view.sort.column) : undefined;
    if (view.sort && !column) view.sort = null;
    compare = view.sort && column ? comparatorFor(column, view.sort.direction) : null;
    orderCache = new Map();
  }

  /** Visible children of a run (or the visible roots for null), sorted, computed once per filter and sort. */
  function ordered(parent: RunNode | null): readonly RunNode[] {
    const cached = orderCache.get(parent);
    if (cached) return cached;
    const source = parent === null ? index.roots : parent.children;
    const visible = filtered?.visible;
    const list = visible ? source.filter((node) => visible.has(node)) : [...source];
    if (compare) list.sort(compare);
    orderCache.set(parent, list);
    return list;
  }

  function expandPage(expand: boolean): void {
    if (!plan) return;
    const stack = plan.rows.filter((row) => row.node.parent === null).map((row) => row.node);
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) break;
      const children = ordered(node);
      if (children.length > 0) setExpanded(view.open, node.run.id, expand);
      stack.push(...children);
    }
  }

  function snapshot(): ViewState {
    return {
      filter: view.filter,
      sort: view.sort,
      expanded: view.open.expanded,
      collapsed: view.open.collapsed,
      columns: view.columns,
      page: view.page,
    };
  }

  function update(focusSelector?: string): void {
    plan = planRows({ roots: ordered(null), childrenOf: ordered, isExpanded: (id) => isExpanded(view.open, id), page: view.page, pageSize: PAGE_SIZE });
    view.page = plan.page;
    const columns = resolveColumns(choosable, view.columns);
    replaceChildren(tableSlot, renderTable({ rows: plan.rows, columns, sort: view.sort, matchedIds }));
    pager.update(plan);
    toolbar.setCount(filtered ? filtered.matched.size : null, index.nodes.length);
    toolbar.setChosen(new Set(columns.map((c) => c.id)));
    writeHash();
    if (focusSelector) {
      const focus = tableSlot.querySelector(focusSelector);
      if (focus instanceof HTMLElement) focus.focus();
    }
  }

  function writeHash(): void {
    const hash = encodeViewHash(snapshot());
    if (hash === writtenHash) return;
    writtenHash = hash;
    writeUrlHash(hash);
  }

  function restore(hash: string): void {
    const wanted = decodeViewHash(hash);
    view.sort = wanted.sort;
    // A column list naming nothing this experiment has means "default", and the URL is corrected to say so.
    const known = wanted.columns?.filter((id) => findColumn(choosable, id) !== undefined) ?? null;
    view.columns = known === null || (known.length === 0 && wanted.columns?.length !== 0) ? null : known;
    toolbar.setFilterText(wanted.filter);
    if (!applyFilter(wanted.filter)) {
      // The broken filter stays in the box with its error; the table shows every run meanwhile.
      view.filter = "";
      filtered = null;
      matchedIds = null;
      setAuto(view.open, new Set());
    }
    view.open.expanded.clear();
    // Ids of runs this experiment does not have (a stale or foreign link) are dropped, not carried along.
    for (const id of wanted.expanded) if (index.byId.has(id)) view.open.expanded.add(id);
    for (const id of wanted.collapsed) if (index.byId.has(id)) view.open.collapsed.add(id);
    view.page = wanted.page;
    setComparator();
    writtenHash = hash.replace(/^#/, "");
    // update() rewrites the hash when the restored view dropped an unknown part.
    update();
  }

  window.addEventListener("hashchange", () => {
    if (window.location.hash.replace(/^#/, "") !== writtenHash) restore(window.location.hash);
  });
  restore(window.location.hash);
}

/** Ids are hex, but the markup is hostile by rule: escape before putting one into a selector. */
function cssEscape(value: string): string {
  return typeof CSS !== "undefined" && typeof CSS.escape === "function" ? CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
}
