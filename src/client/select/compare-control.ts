/**
 * The control above a runs table that opens the compare page on the selected runs: a link
 * (`a[data-action=compare]`, so it also opens in a new tab) that names how many runs it compares, and a
 * button that clears the selection. With fewer than two runs, or more than the compare page shows, the
 * link is disabled and says why.
 */
import { formatCount } from "../../report/format.js";
import { h } from "../dom.js";
import { compareLink, MAX_COMPARE } from "../compare/compare-hash.js";
import type { Selection } from "./selection.js";

/** `compareHref`: the compare page as seen from this page (the body's `data-compare-href`). */
export function createCompareControl(selection: Selection, compareHref: string): HTMLElement {
  const link = h("a", { class: "compare-link", "data-action": "compare" });
  const clear = h("button", { type: "button", "data-action": "clear-selection" }, "Clear selection");
  clear.addEventListener("click", () => selection.clear());
  const element = h("div", { class: "compare-control" }, link, clear);

  const update = () => {
    const n = selection.size;
    const usable = n >= 2 && n <= MAX_COMPARE;
    if (usable) {
      link.setAttribute("href", compareLink(compareHref, selection.ids()));
      link.removeAttribute("aria-disabled");
    } else {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
    }
    link.textContent = n < 2 ? "Compare: tick two runs or more" : `Compare ${formatCount(n)} runs`;
    link.title = n > MAX_COMPARE ? `At most ${MAX_COMPARE} runs can be compared at once` : usable ? "Open the selected runs side by side" : "";
    clear.disabled = n === 0;
  };
  selection.subscribe(update);
  update();
  return element;
}
