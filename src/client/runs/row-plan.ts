/**
 * Which rows a page of the table shows: a page of visible root runs, each followed depth-first by its
 * visible descendants under expanded rows, at most `childLimit` children per parent (then a row that
 * shows more). Only this slice is ever turned into DOM, so the cost of a render follows what is on screen,
 * not the size of the experiment: a sweep of 100,000 trials opens as fast as one of four.
 */
import type { RunNode } from "./run-index.js";

export type PlannedRow =
  | {
      readonly kind: "run";
      readonly node: RunNode;
      /** Visible children (under the current filter); a row with none gets no expand button. */
      readonly childCount: number;
      readonly expanded: boolean;
    }
  | {
      /** Stands for the children of `parent` past the first `shown`. */
      readonly kind: "more";
      readonly parent: RunNode;
      readonly shown: number;
      readonly total: number;
    };

export interface RowPlan {
  readonly rows: readonly PlannedRow[];
  /** The page actually shown (a page past the end shows the last one). */
  readonly page: number;
  readonly pageCount: number;
  readonly rootCount: number;
  /** Index of the first root on this page, for "roots 101–200 of 2,000". */
  readonly firstRoot: number;
  readonly lastRoot: number;
}

export interface PlanInput {
  /** Visible roots, already sorted. */
  readonly roots: readonly RunNode[];
  /** Visible children of a run, already sorted (asked only of expanded runs, whose trees are loaded). */
  readonly childrenOf: (node: RunNode) => readonly RunNode[];
  /** How many visible children a run has (its tree may not be loaded yet). */
  readonly childCount: (node: RunNode) => number;
  readonly isExpanded: (node: RunNode) => boolean;
  /** How many children of an expanded run to show. */
  readonly childLimit: (node: RunNode) => number;
  readonly page: number;
  readonly pageSize: number;
}

export function planRows(input: PlanInput): RowPlan {
  const rootCount = input.roots.length;
  const pageCount = Math.max(1, Math.ceil(rootCount / input.pageSize));
  const page = Math.min(Math.max(0, input.page), pageCount - 1);
  const firstRoot = page * input.pageSize;
  const pageRoots = input.roots.slice(firstRoot, firstRoot + input.pageSize);

  const rows: PlannedRow[] = [];
  // An explicit stack instead of recursion: a deep chain of nested runs must not overflow the call stack.
  type Pending = { readonly node: RunNode } | { readonly more: Extract<PlannedRow, { kind: "more" }> };
  const stack: Pending[] = [...pageRoots].reverse().map((node) => ({ node }));
  while (stack.length > 0) {
    const next = stack.pop()!;
    if ("more" in next) {
      rows.push(next.more);
      continue;
    }
    const { node } = next;
    const childCount = input.childCount(node);
    const expanded = childCount > 0 && input.isExpanded(node);
    rows.push({ kind: "run", node, childCount, expanded });
    if (!expanded) continue;
    const children = input.childrenOf(node);
    const shown = Math.min(children.length, Math.max(1, input.childLimit(node)));
    if (shown < children.length) stack.push({ more: { kind: "more", parent: node, shown, total: children.length } });
    for (let i = shown - 1; i >= 0; i--) stack.push({ node: children[i]! });
  }
  return { rows, page, pageCount, rootCount, firstRoot, lastRoot: firstRoot + pageRoots.length };
}
