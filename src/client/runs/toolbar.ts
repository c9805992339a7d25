/**
 * The controls above the runs table: the filter box (Enter applies it; a syntax error is shown next to it,
 * and the table, which keeps its last good state, is marked as showing another filter's runs), the match
 * count, expand/collapse of the page, and the column chooser. The toolbar only reports what the user asked for; the table view decides what it means.
 */
import { formatCount } from "../../report/format.js";
import { h, replaceChildren } from "../dom.js";
import type { Column } from "./columns.js";
import { pageSignal } from "../page-life.js";

export interface ToolbarHandlers {
  readonly onFilter: (text: string) => void;
  /** The "new since" toggle changed (only offered in a report built with --base). */
  readonly onNewOnly: (on: boolean) => void;
  readonly onColumns: (ids: string[]) => void;
  readonly onExpandPage: (expand: boolean) => void;
}

export interface Toolbar {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  setFilterText(text: string): void;
  setNewOnly(on: boolean): void;
  /** Shows a syntax error (the formatted message, with its caret line, and an optional hint) or clears it with null. */
  showError(message: string | null, hint?: string | null): void;
  /**
   * Says that the table shows another filter's runs than the box holds (the box's text does not parse):
   * `applied` is the filter the table shows ("" for none); null when the table and the box agree.
   */
  setStale(applied: string | null): void;
  setCount(matched: number | null, total: number): void;
  setChosen(ids: ReadonlySet<string>): void;
  /** How many of the experiment's runs the page has loaded (hidden once it has all of them). */
  setLoaded(loaded: number, total: number): void;
  /** A file of the report could not be loaded: what needs it cannot be shown. */
  showLoadError(file: string): void;
}

const GROUPS = [
  ["param", "Params"],
  ["metric", "Metrics"],
  ["tag", "Tags"],
] as const;

/**
 * @param base the short commit of `report --base`, or null: the "new since" toggle is offered only with one.
 * @param example the filter box's placeholder, written with the experiment's own keys (filter-example.ts).
 */
export function createToolbar(
  choosable: readonly Column[],
  handlers: ToolbarHandlers,
  uid: string,
  base: string | null = null,
  example = "attributes.status = 'FINISHED'",
): Toolbar {
  const errorId = `${uid}-filter-error`;
  const input = h("input", {
    type: "search",
    name: "filter",
    class: "filter-input",
    placeholder: example,
    "aria-label": "Filter runs (press Enter to apply)",
    autocomplete: "off",
    spellcheck: "false",
  });
  const error = h("div", { class: "filter-error", id: errorId, role: "alert", hidden: true });
  const stale = h("p", { class: "filter-stale", hidden: true });
  const form = h("form", { class: "filter", role: "search" }, input, h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    handlers.onFilter(input.value);
  });
  // The clear button of a search box empties it without an Enter: treat that as clearing the filter.
  input.addEventListener("search", () => {
    if (input.value === "") handlers.onFilter("");
  });

  const newOnly = h("input", { type: "checkbox", name: "new-only", "data-new-only": "" });
  newOnly.addEventListener("change", () => handlers.onNewOnly(newOnly.checked));
  const newToggle =
    base !== null &&
    h("label", { class: "new-only", title: `Only the runs added since ${base} (with their parents)` }, newOnly, " new since ", h("code", {}, base));

  const count = h("span", { class: "match-count", "aria-live": "polite" });
  const loadStatus = h("span", { class: "load-status", hidden: true });
  const expandAll = h("button", { type: "button", title: "Expand every run on this page" }, "Expand all");
  const collapseAll = h("button", { type: "button", title: "Collapse every run on this page" }, "Collapse all");
  expandAll.addEventListener("click", () => handlers.onExpandPage(true));
  collapseAll.addEventListener("click", () => handlers.onExpandPage(false));

  const boxes: HTMLInputElement[] = [];
  const chooser = h("details", { class: "column-chooser" }, h("summary", {}, "Columns"));
  const panel = h("div", { class: "column-panel" });
  for (const [group, label] of GROUPS) {
    const columns = choosable.filter((c) => c.group === group);
    if (columns.length === 0) continue;
    const fieldset = h("fieldset", {}, h("legend", {}, label));
    for (const column of columns) {
      const box = h("input", { type: "checkbox", value: column.id });
      boxes.push(box);
      fieldset.appendChild(h("label", { title: column.id }, box, " ", column.label));
    }
    panel.appendChild(fieldset);
  }
  if (boxes.length === 0) panel.appendChild(h("p", {}, "This experiment has no params, metrics or tags."));
  panel.addEventListener("change", () => handlers.onColumns(boxes.filter((b) => b.checked).map((b) => b.value)));
  chooser.appendChild(panel);
  // An open menu closes on a click elsewhere or on Escape, as menus do.
  document.addEventListener(
    "click",
    (event) => {
      if (chooser.open && event.target instanceof Node && !chooser.contains(event.target)) chooser.open = false;
    },
    { signal: pageSignal() },
  );
  chooser.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !chooser.open) return;
    chooser.open = false;
    chooser.querySelector("summary")?.focus();
  });

  const element = h(
    "div",
    { class: "runs-toolbar" },
    h("div", { class: "filter-area" }, form, error, stale),
    newToggle,
    count,
    loadStatus,
    h("div", { class: "toolbar-buttons" }, expandAll, collapseAll, chooser),
  );

  return {
    element,
    input,
    setFilterText(text) {
      input.value = text;
    },
    setNewOnly(on) {
      newOnly.checked = on;
    },
    showError(message, hint = null) {
      if (message === null) {
        error.hidden = true;
        replaceChildren(error);
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
        return;
      }
      replaceChildren(error, h("pre", {}, message), hint !== null && h("p", { class: "filter-hint" }, hint));
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", errorId);
    },
    setStale(applied) {
      stale.hidden = applied === null;
      if (applied === null) replaceChildren(stale);
      else if (applied === "") replaceChildren(stale, "The table below shows every run: no filter applies until this one parses.");
      else replaceChildren(stale, "The table below still shows the runs of the last filter that parsed: ", h("code", {}, applied));
    },
    setCount(matched, total) {
      const runs = (n: number): string => `${formatCount(n)} run${n === 1 ? "" : "s"}`;
      count.textContent = matched === null ? runs(total) : `${formatCount(matched)} of ${runs(total)} match`;
    },
    setChosen(ids) {
      for (const box of boxes) box.checked = ids.has(box.value);
    },
    setLoaded(loaded, total) {
      if (loadStatus.classList.contains("failed")) return;
      loadStatus.hidden = loaded >= total;
      loadStatus.textContent = `loading runs: ${Math.floor((100 * loaded) / Math.max(1, total))}%`;
    },
    showLoadError(file) {
      loadStatus.classList.add("failed");
      loadStatus.setAttribute("role", "alert");
      loadStatus.hidden = false;
      loadStatus.textContent = `${file} could not be loaded: this report is incomplete, so filtering, sorting and some runs are unavailable.`;
    },
  };
}
