/**
 * The experiment's runs as a tree, linked as their slices arrive: every later step (filter, sort, paging,
 * expand) walks these nodes instead of scanning the run list again. A node is small (its run number and
 * its links); everything else about a run is read from `RunData` by that number.
 */
import { indexIn } from "./binary-search.js";
import type { RunData } from "./run-data.js";

export interface RunNode {
  /** The run's number: its place in depth-first start order, which is also the order of unsorted siblings. */
  readonly index: number;
  /** Null for a top-level run (also one whose parent is not in this experiment). */
  parent: RunNode | null;
  /** Children linked so far, in run-number order; all of them once the node's slice range is loaded. */
  readonly children: RunNode[];
}

export interface RunIndex {
  readonly data: RunData;
  /** The node of run number `n`, made when first asked for (most runs of a big experiment never are). */
  node(n: number): RunNode;
  readonly roots: readonly RunNode[];
}

/** The runs of the slices loaded so far are linked to their parents. */
export function buildRunIndex(data: RunData): RunIndex {
  const nodes = new Array<RunNode | undefined>(data.count);
  const node = (n: number): RunNode => (nodes[n] ??= { index: n, parent: null, children: [] });
  const index: RunIndex = { data, node, roots: Array.from(data.roots, node) };
  for (let k = 0; k < data.sliceCount; k++) if (data.isSliceLoaded(k)) linkSlice(index, k);
  return index;
}

/** Links the runs of slice `k` (once it is in `data`) to their parents, whatever order slices came in. */
export function linkSlice(index: RunIndex, k: number): void {
  const { data } = index;
  const end = data.sliceStarts[k + 1] ?? data.count;
  for (let i = data.sliceStarts[k] ?? end; i < end; i++) {
    const parentNumber = data.parent(i);
    if (parentNumber < 0) continue;
    const node = index.node(i);
    const parent = index.node(parentNumber);
    node.parent = parent;
    insertInOrder(parent.children, node);
  }
}

/** Children arrive in number order within a slice; a later slice loaded first only puts them out of turn. */
function insertInOrder(list: RunNode[], node: RunNode): void {
  let at = list.length;
  while (at > 0 && list[at - 1]!.index > node.index) at--;
  list.splice(at, 0, node);
}

/** The numbers of the runs in `node`'s tree (itself first): a contiguous range, as runs are numbered depth first. */
export function treeRange(index: RunIndex, node: RunNode): { from: number; to: number } {
  let top = node;
  while (top.parent !== null) top = top.parent;
  const r = indexIn(index.data.roots, top.index);
  if (r < 0) return { from: node.index, to: node.index + 1 };
  return { from: top.index, to: top.index + (index.data.treeSizes[r] ?? 1) };
}
