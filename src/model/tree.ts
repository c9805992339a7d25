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
  /**
   * Runs without a parent, runs whose parent is not among the runs given (orphans), and runs on a loop of
   * parent links (a self-parent is a loop of one). `findTreeFaults` names the last two.
   */
  readonly roots: readonly R[];
  readonly childrenOf: ReadonlyMap<string, readonly R[]>;
  /** 0 for roots. */
  readonly depthOf: ReadonlyMap<string, number>;
}

/** What keeps runs from their place in the tree: each such run is shown at the top instead. */
export interface TreeFaults<R extends TreeInput> {
  /** Runs naming a parent that is not among the runs given, in start order. */
  readonly orphans: readonly R[];
  /**
   * Each loop of parent links, its runs in link order (each names the next as its parent, the last names
   * the first) starting from the lowest id; loops in order of that id. A self-parent is a loop of one.
   */
  readonly cycles: ReadonlyArray<readonly R[]>;
}

/** Start order, then id: the order siblings appear in before the user sorts. */
export function compareStart(a: TreeInput, b: TreeInput): number {
  return a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function buildForest<R extends TreeInput>(runs: readonly R[]): RunForest<R> {
  const byId = new Map(runs.map((run) => [run.id, run]));
  const onLoop = new Set(loopsOf(runs, byId).flat().map((run) => run.id));
  const childrenOf = new Map<string, R[]>();
  const roots: R[] = [];
  for (const run of runs) {
    const parent = run.parentId !== null ? byId.get(run.parentId) : undefined;
    // A run below a loop keeps its place under its parent: only the loop's own runs are cut loose.
    if (parent === undefined || onLoop.has(run.id)) {
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

/**
 * The orphans and loops among `runs` (one experiment: a parent lives in its child's experiment). A store
 * written by runtree has neither; a hand edit, a bad merge or a parent deleted by hand makes them.
 * @example
 * const { orphans, cycles } = findTreeFaults(snapshot.runs.filter((run) => run.experimentDir === dir));
 */
export function findTreeFaults<R extends TreeInput>(runs: readonly R[]): TreeFaults<R> {
  const byId = new Map(runs.map((run) => [run.id, run]));
  const orphans = runs.filter((run) => run.parentId !== null && !byId.has(run.parentId)).sort(compareStart);
  return { orphans, cycles: loopsOf(runs, byId) };
}

/**
 * Every loop of parent links, in linear time: each run has at most one parent, so walking up from each
 * run not yet seen either ends (a root, an orphan, a run already cleared) or comes back to a run of the
 * current walk, and the walk from there on is a loop. Each run is walked once, so no chain is followed twice.
 */
function loopsOf<R extends TreeInput>(runs: readonly R[], byId: ReadonlyMap<string, R>): R[][] {
  const done = new Set<string>();
  const loops: R[][] = [];
  for (const start of runs) {
    const walk: R[] = [];
    const onWalk = new Map<string, number>();
    for (let run: R | undefined = start; run !== undefined && !done.has(run.id); ) {
      const seenAt = onWalk.get(run.id);
      if (seenAt !== undefined) {
        loops.push(fromLowestId(walk.slice(seenAt)));
        break;
      }
      onWalk.set(run.id, walk.length);
      walk.push(run);
      run = run.parentId === null ? undefined : byId.get(run.parentId);
    }
    for (const run of walk) done.add(run.id);
  }
  return loops.sort((a, b) => (a[0]!.id < b[0]!.id ? -1 : 1));
}

/** The walk went child → parent; a loop reads that way too, rotated to start at its lowest id. */
function fromLowestId<R extends TreeInput>(loop: R[]): R[] {
  let lowest = 0;
  loop.forEach((run, i) => {
    if (run.id < loop[lowest]!.id) lowest = i;
  });
  return [...loop.slice(lowest), ...loop.slice(0, lowest)];
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
