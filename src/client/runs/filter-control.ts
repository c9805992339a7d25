/**
 * The filter's state in the runs table: the text last applied and what it keeps of the tree. Compiling
 * reports a syntax error next to the box (with a hint when a key lacks its entity or its quotes) and leaves the table as
 * it was; applying (once every run is loaded) filters the tree and hands over the rows to open.
 */
import type { FilterNode } from "../../search/index.js";

const ALL: FilterNode = { kind: "all" };
import { compileFilterText } from "./filter-compile.js";
import { searchHint } from "../../search/hints.js";
import { filterTree, type FilterResult } from "./filter-tree.js";
import type { RunIndex } from "./run-index.js";

export interface FilterControl {
  /** The last filter applied ("" for none). */
  readonly text: string;
  /** Whether only runs new since `report --base` are kept. */
  readonly newOnly: boolean;
  /** The parsed form of `text` (null for none). */
  readonly node: FilterNode | null;
  /** What it keeps; null without a filter. */
  readonly result: FilterResult | null;
  /** The parsed filter (null for a blank one), or null after showing why the text does not parse. */
  compile(text: string): { readonly filter: FilterNode | null } | null;
  apply(text: string, filter: FilterNode | null, newOnly: boolean): void;
}

export interface FilterEvents {
  readonly showError: (message: string | null, hint: string | null) => void;
  /** A new filter applied: the ids of the rows it opens (ancestors of its matches). */
  readonly onChange: (auto: ReadonlySet<string>) => void;
}

export function createFilterControl(index: RunIndex, events: FilterEvents): FilterControl {
  let text = "";
  let newOnly = false;
  let node: FilterNode | null = null;
  let result: FilterResult | null = null;
  return {
    get text() {
      return text;
    },
    get newOnly() {
      return newOnly;
    },
    get node() {
      return node;
    },
    get result() {
      return result;
    },
    compile(candidate) {
      const compiled = compileFilterText(candidate);
      if (!compiled.ok) {
        events.showError(compiled.message, searchHint({ ...compiled, text: candidate }, index.data));
        return null;
      }
      events.showError(null, null);
      return { filter: compiled.filter };
    },
    apply(candidate, filter, onlyNew) {
      text = filter === null ? "" : candidate;
      node = filter;
      // The toggle means something only in a report built with --base.
      newOnly = onlyNew && index.data.base !== null;
      const isNew = (run: number) => index.data.isNew(run);
      result = filter === null && !newOnly ? null : filterTree(index, filter ?? ALL, newOnly ? isNew : null);
      events.onChange(new Set(result ? result.ancestors.map((n) => index.data.id(n)) : []));
    },
  };
}
