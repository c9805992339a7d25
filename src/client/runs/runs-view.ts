/**
 * The interactive runs table of an experiment page: it replaces the server's no-JS table with a tree that
 * filters, sorts siblings, expands and pages, and keeps its view in the URL hash (history.replaceState, so
 * the back button is not flooded). It starts from the runs in `data.js` (the first page's trees) and loads
 * the other slices when a step needs them (a tree to expand, a page, a filter or a sort needs them all),
 * and the rest in the background. While a step waits, `#runtree-runs` is `aria-busy`; steps apply in the
 * order they were asked for. Each change re-plans and re-renders one page of rows. Each row has a box to
 * select its run for comparison (select/), and the selection outlives paging, sorting and filtering.
 */
import { INTERACTIVE_PAGE_SIZE, type ExperimentData } from "../../report/page-data.js";
import { cssEscape, h, replaceChildren } from "../dom.js";
import { choosableColumns, findColumn, fixedColumns, resolveColumns } from "./columns.js";
import { isExpanded, setAuto, setExpanded, type Expansion } from "./expansion.js";
import { createFilterControl } from "./filter-control.js";
import { filterExample } from "./filter-example.js";
import { createPager } from "./pager.js";
import { RunData } from "./run-data.js";
import { buildRunIndex, linkSlice, treeRange, type RunNode } from "./run-index.js";
import { planRows, type RowPlan } from "./row-plan.js";
import { createSliceLoader } from "./slice-loader.js";
import { sorterFor, type NodeSorter } from "./sort.js";
import { createTableView } from "./table-view.js";
import { createToolbar } from "./toolbar.js";
import { createCompareControl } from "../select/compare-control.js";
import { attachSelectBoxes } from "../select/select-boxes.js";
import { createSelection } from "../select/selection.js";
import { ownParts } from "../hash-parts.js";
import { updateHash } from "../url-hash.js";
import type { ShownRuns } from "./shown-runs.js";
import { decodeViewHash, encodeViewHash, VIEW_HASH_NAMES, type SortState, type ViewState } from "./view-state.js";
import { pageSignal } from "../page-life.js";

/** Root runs per page: enough to scan, few enough that a page renders in a frame or two. */
export const PAGE_SIZE = INTERACTIVE_PAGE_SIZE;
/** Children an expanded run shows at first, and how many more each "show more" adds. */
export const CHILD_STEP = 100;

interface MutableView {
  sort: SortState | null;
  open: Expansion;
  columns: string[] | null;
  page: number;
}

/**
 * Replaces the server's table in `container`; false (nothing done) for an experiment without runs.
 * `onShown` hears of the runs the table shows after every change and every slice loaded (the chart panel).
 */
export function mountRunsTable(container: HTMLElement, source: ExperimentData, onShown?: (shown: ShownRuns) => void): boolean {
  // The page's "No runs yet." says it better than an empty interactive table.
  if (source.runCount === 0) return false;
  const data = new RunData(source);
  const index = buildRunIndex(data);
  const choosable = choosableColumns(data);
  const view: MutableView = { sort: null, open: { expanded: new Set(), collapsed: new Set(), auto: new Set() }, columns: null, page: 0 };
  const childLimits = new Map<RunNode, number>();
  let sorter: NodeSorter | null = null;
  let orderCache = new Map<RunNode | null, readonly RunNode[]>();
  let plan: RowPlan | null = null;
  let writtenHash = "";
  /** The last step in line: each step starts when the one before it has applied. */
  let queue: Promise<void> | null = null;

  const loader = createSliceLoader(data, {
    onSlice: (k) => {
      linkSlice(index, k);
      toolbar.setLoaded(data.loaded, data.count);
      onShown?.({ data, matched: filter.result?.matched ?? null, roots: ordered(null) });
    },
    onError: (file) => toolbar.showLoadError(file),
  });
  const filter = createFilterControl(index, {
    showError: (message, hint) => toolbar.showError(message, hint),
    onChange: (auto) => {
      orderCache = new Map();
      // Open the way to every match; the user may close rows again afterwards.
      setAuto(view.open, auto);
    },
  });
  const toolbar = createToolbar(
    choosable,
    {
      onFilter: (text) => {
        const compiled = filter.compile(text);
        markStale(compiled === null ? filter.text : null);
        if (compiled === null) return;
        step(compiled.filter === null && !filter.newOnly ? null : everything(), () => {
          filter.apply(text, compiled.filter, filter.newOnly);
          view.page = 0;
        });
      },
      onNewOnly: (on) =>
        step(on ? everything() : null, () => {
          filter.apply(filter.text, filter.node, on);
          view.page = 0;
        }),
      onColumns: (ids) => step(null, () => (view.columns = ids)),
      onExpandPage: (expand) => step(expand ? pageTrees() : null, () => expandPage(expand)),
    },
    "runtree-runs",
    data.base?.short ?? null,
    filterExample(data),
  );
  const pager = createPager((page) => step(rootsOfPage(page), () => (view.page = page)));
  const table = createTableView();
  const tableSlot = h("div", { class: "runs-scroll" }, table.element);
  const selection = createSelection();
  const compareHref = document.body.getAttribute("data-compare-href");
  if (compareHref !== null) toolbar.element.appendChild(createCompareControl(selection, compareHref));
  // "Select its children": the visible children, in the table's order, opened so the reader sees them.
  const childrenOf = (id: string) =>
    new Promise<string[]>((resolve) => {
      const node = nodeOf(id);
      if (node) step(treeOf(node), () => (setExpanded(view.open, id, true), resolve(ordered(node).map((child) => data.id(child.index)))));
    });
  attachSelectBoxes(tableSlot, selection, { childrenOf });
  replaceChildren(container, toolbar.element, tableSlot, pager.element);
  container.classList.add("enhanced");
  toolbar.setLoaded(data.loaded, data.count);

  tableSlot.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const toggle = target.closest("button[data-toggle]")?.getAttribute("data-toggle");
    const node = toggle ? nodeOf(toggle) : undefined;
    if (node) {
      const open = !isExpanded(view.open, toggle!);
      step(open ? treeOf(node) : null, () => setExpanded(view.open, toggle!, open), `button[data-toggle="${cssEscape(toggle!)}"]`);
      return;
    }
    const more = target.closest("button[data-more]")?.getAttribute("data-more");
    const parent = more ? nodeOf(more) : undefined;
    if (parent) {
      step(null, () => childLimits.set(parent, (childLimits.get(parent) ?? CHILD_STEP) + CHILD_STEP));
      return;
    }
    const column = target.closest("button[data-sort]")?.getAttribute("data-sort");
    if (column) step(everything(), () => cycleSort(column), `button[data-sort="${cssEscape(column)}"]`);
  });

  /**
   * Applies `change` once `wait` (runs it needs, being loaded) has settled and every earlier step has
   * applied; at once when neither holds anything up. A step whose runs cannot be loaded is dropped.
   */
  function step(wait: Promise<void> | null, change: () => void, focus?: string): void {
    const apply = () => {
      change();
      update(focus);
    };
    if (wait === null && queue === null) return apply();
    container.setAttribute("aria-busy", "true");
    const mine: Promise<void> = (queue ?? Promise.resolve())
      .then(() => wait)
      .then(apply, () => undefined)
      .finally(() => {
        if (queue !== mine) return;
        queue = null;
        container.removeAttribute("aria-busy");
      });
    queue = mine;
  }

  const everything = (): Promise<void> | null => loader.need(0, data.count);
  const treeOf = (node: RunNode): Promise<void> | null => {
    const range = treeRange(index, node);
    return loader.need(range.from, range.to);
  };
  /** The runs of page `page` of top-level runs, while nothing reorders them (a filter or sort loads all). */
  const rootsOfPage = (page: number): Promise<void> | null => {
    const roots = ordered(null);
    const first = roots[Math.max(0, Math.min(page, Math.ceil(roots.length / PAGE_SIZE) - 1)) * PAGE_SIZE];
    const last = roots[Math.min(roots.length, (page + 1) * PAGE_SIZE) - 1];
    return first && last ? loader.need(first.index, last.index + 1) : null;
  };
  const pageTrees = (): Promise<void> | null => {
    const roots = plan?.rows.flatMap((row) => (row.kind === "run" && row.node.parent === null ? [row.node] : [])) ?? [];
    const waits = roots.map(treeOf).filter((wait): wait is Promise<void> => wait !== null);
    return waits.length === 0 ? null : Promise.all(waits).then(() => undefined);
  };
  const nodeOf = (id: string): RunNode | undefined => {
    const n = data.indexOf(id);
    return n === undefined ? undefined : index.node(n);
  };

  /** The box holds a filter that does not parse: the rows shown are `applied`'s (null: they agree again). */
  function markStale(applied: string | null): void {
    toolbar.setStale(applied);
    table.element.toggleAttribute("data-stale", applied !== null);
  }

  function cycleSort(id: string): void {
    const current = view.sort?.column === id ? view.sort.direction : null;
    view.sort = current === null ? { column: id, direction: "asc" } : current === "asc" ? { column: id, direction: "desc" } : null;
    setSorter();
  }

  function setSorter(): void {
    const column = view.sort ? findColumn(choosable, view.sort.column) : undefined;
    if (view.sort && !column) view.sort = null;
    sorter = view.sort && column ? sorterFor(data, column, view.sort.direction) : null;
    orderCache = new Map();
  }

  /** Visible children of a run (or the visible roots for null), sorted, computed once per filter and sort. */
  function ordered(parent: RunNode | null): readonly RunNode[] {
    const cached = orderCache.get(parent);
    if (cached) return cached;
    const source = parent === null ? index.roots : parent.children;
    const visible = filter.result?.visible;
    const list = visible ? source.filter((node) => visible[node.index] === 1) : [...source];
    sorter?.(list);
    orderCache.set(parent, list);
    return list;
  }

  function expandPage(expand: boolean): void {
    if (!plan) return;
    const stack = plan.rows.flatMap((row) => (row.kind === "run" && row.node.parent === null ? [row.node] : []));
    while (stack.length > 0) {
      const node = stack.pop()!;
      const children = ordered(node);
      if (children.length > 0) setExpanded(view.open, data.id(node.index), expand);
      stack.push(...children);
    }
  }

  function snapshot(): ViewState {
    const { sort, open, columns, page } = view;
    return { filter: filter.text, newOnly: filter.newOnly, sort, expanded: open.expanded, collapsed: open.collapsed, columns, page };
  }

  function update(focusSelector?: string): void {
    const filtered = filter.result;
    plan = planRows({
      roots: ordered(null),
      childrenOf: ordered,
      // Without a filter every child counts, also those of a tree whose slice is still to come.
      childCount: (node) => (filtered ? ordered(node).length : data.childCount(node.index)),
      isExpanded: (node) => isExpanded(view.open, data.id(node.index)),
      childLimit: (node) => childLimits.get(node) ?? CHILD_STEP,
      page: view.page,
      pageSize: PAGE_SIZE,
    });
    view.page = plan.page;
    const columns = resolveColumns(choosable, view.columns);
    table.update({ data, rows: plan.rows, fixed: fixedColumns(data), columns, sort: view.sort, matched: filtered?.matched ?? null, moreStep: CHILD_STEP, isSelected: (id) => selection.has(id) });
    pager.update(plan);
    toolbar.setCount(filtered ? filtered.matchCount : null, data.count);
    toolbar.setChosen(new Set(columns.map((c) => c.id)));
    writeHash();
    onShown?.({ data, matched: filtered?.matched ?? null, roots: ordered(null) });
    if (focusSelector) {
      const focus = tableSlot.querySelector(focusSelector);
      if (focus instanceof HTMLElement) focus.focus();
    }
  }

  function writeHash(): void {
    const hash = encodeViewHash(snapshot());
    if (hash === writtenHash) return;
    writtenHash = hash;
    updateHash(VIEW_HASH_NAMES, hash);
  }

  function restore(hash: string): void {
    const wanted = decodeViewHash(hash);
    const compiled = filter.compile(wanted.filter);
    markStale(compiled === null ? "" : null);
    toolbar.setFilterText(wanted.filter);
    toolbar.setNewOnly(wanted.newOnly && data.base !== null);
    // A filter, a sort, a later page or open rows need runs beyond the first page's: load them all first.
    const plain = wanted.filter.trim() === "" && !wanted.newOnly && wanted.sort === null && wanted.page === 0 && wanted.expanded.size === 0 && wanted.collapsed.size === 0;
    step(plain ? null : everything(), () => {
      view.sort = wanted.sort;
      // A column list naming nothing this experiment has means "default", and the URL is corrected to say so.
      const known = wanted.columns?.filter((id) => findColumn(choosable, id) !== undefined) ?? null;
      view.columns = known === null || (known.length === 0 && wanted.columns?.length !== 0) ? null : known;
      // A broken filter stays in the box with its error; the table shows every run meanwhile.
      filter.apply(compiled === null ? "" : wanted.filter, compiled?.filter ?? null, wanted.newOnly);
      view.open.expanded.clear();
      // Ids of runs this experiment does not have (a stale or foreign link) are dropped, not carried along.
      for (const id of wanted.expanded) if (data.indexOf(id) !== undefined) view.open.expanded.add(id);
      for (const id of wanted.collapsed) if (data.indexOf(id) !== undefined) view.open.collapsed.add(id);
      view.page = wanted.page;
      setSorter();
      writtenHash = ownParts(hash, VIEW_HASH_NAMES);
    });
  }

  const onHash = (): void => {
    if (ownParts(window.location.hash, VIEW_HASH_NAMES) !== writtenHash) restore(window.location.hash);
  };
  window.addEventListener("hashchange", onHash, { signal: pageSignal() });
  restore(window.location.hash);
  // The first page is up: fetch the rest while the reader looks at it.
  setTimeout(() => loader.loadRest(), 0);
  return true;
}
