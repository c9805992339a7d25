/**
 * Paging through root runs: a page shows a fixed number of roots with their open descendants, so a sweep
 * of thousands of trials renders as fast as a small one.
 */
import { formatCount } from "../../report/format.js";
import { h, replaceChildren } from "../dom.js";
import type { RowPlan } from "./row-plan.js";

export interface Pager {
  readonly element: HTMLElement;
  update(plan: RowPlan): void;
}

export function createPager(onPage: (page: number) => void): Pager {
  const element = h("nav", { class: "pager", "aria-label": "Pages of runs" });
  let current = 0;
  element.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const button = target.closest("button[data-page]");
    if (button) onPage(Number(button.getAttribute("data-page")));
  });

  function button(label: string, page: number, enabled: boolean, title: string): HTMLButtonElement {
    return h("button", { type: "button", "data-page": page, disabled: !enabled, title }, label);
  }

  return {
    element,
    update(plan) {
      current = plan.page;
      element.hidden = plan.pageCount <= 1;
      const last = plan.pageCount - 1;
      const n = formatCount;
      replaceChildren(
        element,
        button("«", 0, current > 0, "First page"),
        button("‹", current - 1, current > 0, "Previous page"),
        h(
          "span",
          { class: "pager-status" },
          `Page ${n(current + 1)} of ${n(plan.pageCount)} · top-level runs ${n(plan.firstRoot + 1)}–${n(plan.lastRoot)} of ${n(plan.rootCount)}`,
        ),
        button("›", current + 1, current < last, "Next page"),
        button("»", last, current < last, "Last page"),
      );
    },
  };
}
