/**
 * Children are not listed anywhere on disk: the tree is computed here, from each run's parent id.
 * Pure functions over plain records, shared by the report, the exporters and library callers.
 */
export interface TreeInput {
  readonly id: string;
  readonly parentId: string | null;
  readonly startTime: number;
}

export interface RunForest<R extends TreeInput> {
  /** Runs without a parent, or whose parent is not among the runs given (an orphan shows at the top). */
  readonly roots: readonly R[];
  readonly childrenOf: ReadonlyMap<string, readonly R[]>;
  /** 0 for roots. */
  readonly depthOf: ReadonlyMap<string, number>;
}

/** Start order, then id: the order siblings appear in before the user sorts. */
export function compareStart(a: TreeInput, b: TreeInput): number {
  return a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function buildForest<R extends TreeInput>(runs: readonly R[]): RunForest<R> {
  const byId = new Map(runs.map((run) => [run.id, run]));
  const childrenOf = new Map<string, R[]>();
  const roots: R[] = [];
  for (const run of runs) {
    const parent = run.parentId !== null ? byId.get(run.parentId) : undefined;
    if (parent === undefined || createsCycle(run, byId)) {
      roots.push(run);
    } else {
      const siblings = childrenOf.get(parent.id);
      if (siblings) siblings.push(run);
      else childrenOf.set(parent.id, [run]);
    }
  }
  roots.sort(compareStart);
  for (const siblings of childrenOf.values()) siblings.sort(compareStart);
  const depthOf = new Map<string, number>();
  const stack: Array<[R, number]> = roots.map((run) => [run, 0]);
  while (stack.length > 0) {
    const [run, depth] = stack.pop()!;
    depthOf.set(run.id, depth);
    for (const child of childrenOf.get(run.id) ?? []) stack.push([child, depth + 1]);
  }
  return { roots, childrenOf, depthOf };
}

/** A hand-edited or badly merged store can link runs in a loop; such a run is treated as a root. */
function createsCycle<R extends TreeInput>(run: R, byId: ReadonlyMap<string, R>): boolean {
  const seen = new Set<string>([run.id]);
  let current = run.parentId;
  while (current !== null) {
    if (seen.has(current)) return true;
    seen.add(current);
    current = byId.get(current)?.parentId ?? null;
  }
  return false;
}

/** Every run below `id`, depth first, in sibling order. */
export function descendants<R extends TreeInput>(forest: RunForest<R>, id: string): R[] {
  const out: R[] = [];
  // An explicit stack: a hand-made store may chain runs deeper than the call stack goes.
  const stack = [...(forest.childrenOf.get(id) ?? [])].reverse();
  while (stack.length > 0) {
    const run = stack.pop()!;
    out.push(run);
    const children = forest.childrenOf.get(run.id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** The chain of ancestors of `id`, nearest first. */
export function ancestors<R extends TreeInput>(runs: ReadonlyMap<string, R>, id: string): R[] {
  const out: R[] = [];
  const seen = new Set<string>([id]);
  let current = runs.get(id)?.parentId ?? null;
  while (current !== null && !seen.has(current)) {
    const run = runs.get(current);
    if (!run) break;
    out.push(run);
    seen.add(current);
    current = run.parentId;
  }
  return out;
}
