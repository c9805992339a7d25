/**
 * A run page's children table (the server's, every descendant listed) gets the selection: its boxes, its
 * parents' "select its children" buttons and, above it, the control that compares the selected runs.
 */
import { createCompareControl } from "./compare-control.js";
import { attachSelectBoxes } from "./select-boxes.js";
import { createSelection } from "./selection.js";

/** `container` holds the children table; nothing happens on a page without a compare link. */
export function mountChildrenSelection(container: HTMLElement): void {
  const compareHref = document.body.getAttribute("data-compare-href");
  const table = container.querySelector("table.runs");
  if (compareHref === null || table === null) return;
  const selection = createSelection();
  container.before(createCompareControl(selection, compareHref));
  attachSelectBoxes(container, selection, {
    // The table lists every descendant: a parent's children are the rows that name it.
    childrenOf: async (id) =>
      Array.from(table.querySelectorAll("tbody tr[data-run-id]"))
        .filter((row) => row.getAttribute("data-parent-id") === id)
        .map((row) => row.getAttribute("data-run-id") ?? ""),
  });
}
