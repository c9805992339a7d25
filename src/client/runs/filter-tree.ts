/**
 * What a filter keeps of the run tree. A run that matches keeps its ancestors (so it is shown where it
 * lives) and its descendants (a matching sweep keeps its trials). The ancestors kept only as context are
 * told apart so the table can show them as such and open them. Flags per run number rather than sets of
 * nodes: at 100,000 runs the result is two small byte arrays and no garbage.
 */
import { matchesFilter, type FilterNode } from "../../search/index.js";
import type { RunIndex } from "./run-index.js";
import { filterTargets, keysRead, searchRuns } from "./search-cursor.js";

export interface FilterResult {
  /** 1 for each run (by number) the filter accepted. */
  readonly matched: Uint8Array;
  readonly matchCount: number;
  /** 1 for each run shown: the matched ones, their ancestors and their descendants. */
  readonly visible: Uint8Array;
  /** Numbers of the ancestors of matched runs: the rows to open so every match is in sight. */
  readonly ancestors: readonly number[];
}

/**
 * Applies `filter` to every run once (every slice must be loaded); each ancestor chain and subtree is walked
 * at most once. A run matches when it passes `filter` and, if given, `also` (the "new since" toggle).
 */
export function filterTree(index: RunIndex, filter: FilterNode, also: ((run: number) => boolean) | null = null): FilterResult {
  const { data } = index;
  const runs = searchRuns(data, keysRead(data, filterTargets(filter)));
  const matched = new Uint8Array(data.count);
  const visible = new Uint8Array(data.count);
  const ancestors: number[] = [];
  let matchCount = 0;
  for (let n = 0; n < data.count; n++) {
    if ((also !== null && !also(n)) || !matchesFilter(filter, runs.fill(n))) continue;
    matched[n] = 1;
    matchCount++;
  }
  const isAncestor = new Uint8Array(data.count);
  // Runs are numbered depth first: a run's descendants are the runs right after it that are deeper. Runs
  // before `covered` are inside the tree of a match already marked, and so are their descendants.
  let covered = 0;
  for (let n = 0; n < data.count; n++) {
    if (matched[n] === 0) continue;
    // A chain already marked has been walked to its root.
    for (let up = data.parent(n); up >= 0 && isAncestor[up] === 0; up = data.parent(up)) {
      isAncestor[up] = 1;
      visible[up] = 1;
      ancestors.push(up);
    }
    visible[n] = 1;
    if (n < covered) continue;
    const depth = data.depth(n);
    for (covered = n + 1; covered < data.count && data.depth(covered) > depth; covered++) visible[covered] = 1;
  }
  return { matched, matchCount, visible, ancestors };
}
