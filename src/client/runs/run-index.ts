/**
 * The experiment's runs as a tree, built once when the page loads: every later step (filter, sort, paging,
 * expand) walks these arrays and maps instead of scanning the run list again, which is what keeps a
 * 10,000-run experiment interactive.
 */
import type { ClientRun } from "../../report/page-data.js";
import { toSearchRun, type SearchRun } from "./search-run.js";

export interface RunNode {
  readonly run: ClientRun;
  /** The run as the search module sees it (numbers decoded). */
  readonly search: SearchRun;
  /** Null for a root, and for a run whose parent is not in this experiment (shown as a root). */
  parent: RunNode | null;
  readonly children: RunNode[];
  depth: number;
  /** Position in the data's start order: the order of unsorted siblings. */
  readonly order: number;
}

export interface RunIndex {
  readonly nodes: readonly RunNode[];
  readonly byId: ReadonlyMap<string, RunNode>;
  readonly roots: readonly RunNode[];
}

/** Links every run to its parent; a missing parent or a cycle (a corrupt store) makes the run a root. */
export function buildRunIndex(runs: readonly ClientRun[], experiment: string): RunIndex {
  const nodes: RunNode[] = runs.map((run, order) => ({
    run,
    search: toSearchRun(run, experiment),
    parent: null,
    children: [],
    depth: 0,
    order,
  }));
  const byId = new Map<string, RunNode>();
  for (const node of nodes) if (!byId.has(node.run.id)) byId.set(node.run.id, node);

  for (const node of nodes) {
    const parentId = node.run.parentId;
    const parent = parentId === null ? undefined : byId.get(parentId);
    if (parent && parent !== node && !isAncestor(node, parent)) {
      node.parent = parent;
      parent.children.push(node);
    }
  }

  const roots = nodes.filter((node) => node.parent === null);
  // Depth by walking down from the roots, so it is right whatever order parents and children came in.
  const stack = roots.map((root) => root);
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    for (const child of node.children) {
      child.depth = node.depth + 1;
      stack.push(child);
    }
  }
  return { nodes, byId, roots };
}

/** True when `node` is `candidate` or one of its ancestors: linking them would close a cycle. */
function isAncestor(node: RunNode, candidate: RunNode): boolean {
  for (let up: RunNode | null = candidate; up !== null; up = up.parent) if (up === node) return true;
  return false;
}
