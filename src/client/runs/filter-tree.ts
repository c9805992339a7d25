/**
 * What a filter keeps of the run tree. A run that matches keeps its ancestors (so it is shown where it
 * lives) and its descendants (a matching sweep keeps its trials). The ancestors kept only as context are
 * told apart so the table can show them as such and open them.
 */
import { matchesFilter, type FilterNode } from "../../search/index.js";
import type { RunIndex, RunNode } from "./run-index.js";
import { filterTargets, keysRead, searchRuns } from "./search-cursor.js";

export interface FilterResult {
  /** Runs the predicate accepted. */
  readonly matched: ReadonlySet<RunNode>;
  /** Runs shown: the matched ones, their ancestors and their descendants. */
  readonly visible: ReadonlySet<RunNode>;
  /** Ancestors of matched runs: the rows to open so every match is in sight. */
  readonly ancestors: ReadonlySet<RunNode>;
}

/**
 * Applies `filter` to every run once (every slice must be loaded); each ancestor chain and subtree is walked
 * at most once.
 */
export function filterTree(index: RunIndex, filter: FilterNode): FilterResult {
  const runs = searchRuns(index.data, keysRead(index.data, filterTargets(filter)));
  const matched = new Set<RunNode>();
  for (let n = 0; n < index.data.count; n++) if (matchesFilter(filter, runs.fill(n))) matched.add(index.node(n));

  const ancestors = new Set<RunNode>();
  for (const node of matched) {
    // A chain already in the set has been walked to its root.
    for (let up = node.parent; up !== null && !ancestors.has(up); up = up.parent) ancestors.add(up);
  }

  const descendants = new Set<RunNode>();
  for (const node of matched) {
    const stack = [...node.children];
    while (stack.length > 0) {
      const child = stack.pop();
      if (!child || descendants.has(child)) continue;
      descendants.add(child);
      stack.push(...child.children);
    }
  }

  const visible = new Set<RunNode>([...matched, ...ancestors, ...descendants]);
  return { matched, visible, ancestors };
}
