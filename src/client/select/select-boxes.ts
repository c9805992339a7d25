/**
 * The selection boxes of a runs table (`input[type=checkbox][data-select-run]`, value: the run id) and a
 * parent row's "select its children" button (`button[data-select-children]`), handled for the whole table
 * at once, so rows the table builds later need nothing of their own. A shift-click ticks or unticks every
 * box from the one clicked before to this one, in the order the rows are shown. A parent's button selects
 * its children, or unselects them when they all are already.
 */
import type { Selection } from "./selection.js";

export interface SelectHost {
  /** The ids of a parent's children, as the table lists them (the host may load or open them first). */
  childrenOf(id: string): Promise<readonly string[]>;
}

export interface SelectBoxes {
  /** Ticks each box of the table as the selection says (rows built before a change). */
  sync(): void;
}

const BOX = "input[data-select-run]";

export function attachSelectBoxes(container: HTMLElement, selection: Selection, host: SelectHost): SelectBoxes {
  /** The run whose box was clicked last: one end of a shift-click's range. */
  let anchor: string | null = null;
  const boxes = (): HTMLInputElement[] => Array.from(container.querySelectorAll<HTMLInputElement>(BOX));

  container.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    if (target instanceof HTMLInputElement && target.matches(BOX)) {
      const on = target.checked;
      const all = boxes();
      const from = anchor === null ? -1 : all.findIndex((box) => box.value === anchor);
      const to = all.indexOf(target);
      if (event instanceof MouseEvent && event.shiftKey && from >= 0 && to >= 0) {
        selection.set(all.slice(Math.min(from, to), Math.max(from, to) + 1).map((box) => box.value), on);
      } else {
        selection.set([target.value], on);
      }
      anchor = target.value;
      return;
    }
    const parent = target.closest("button[data-select-children]")?.getAttribute("data-select-children");
    if (!parent) return;
    void host.childrenOf(parent).then((ids) => selection.set(ids, !ids.every((id) => selection.has(id))));
  });

  const sync = () => {
    for (const box of boxes()) box.checked = selection.has(box.value);
  };
  selection.subscribe(sync);
  sync();
  return { sync };
}
