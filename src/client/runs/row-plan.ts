/**
 * Which rows a page of the table shows: a page of visible root runs, each followed depth-first by its
 * visible descendants under expanded rows. Only this slice is ever turned into DOM, so the cost of a
 * render follows what is on screen, not the size of the experiment.
 */
import type { RunNode } from "./run-index.js";

export interface PlannedRow {
  readonly node: RunNode;
  /** Visible children (under the current filter); a row with none gets no expand button. */
  readonly childCount: number;
  readonly expanded: boolean;
}

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
  /** Visible children of a run, already sorted. */
  readonly childrenOf: (node: RunNode) => readonly RunNode[];
  readonly isExpanded: (id: string) => boolean;
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
  const stack: RunNode[] = [...pageRoots].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    const children = input.childrenOf(node);
    const expanded = children.length > 0 && input.isExpanded(node.run.id);
    rows.push({ node, childCount: children.length, expanded });
    if (expanded) for (const child of [...children].reverse()) stack.push(child);
  }
  return { rows, page, pageCount, rootCount, firstRoot, lastRoot: firstRoot + pageRoots.length };
}
