/**
 * The bridge from the page's columns to the search module: the same filter and order-by code that serves
 * `runtree search` runs in the browser, on `SearchableRun`s read from `RunData`. A run's value of a key the
 * filter never names cannot change its outcome, so a run is given only the keys the filter (or sort) names:
 * a filter over 100,000 runs then fills one reused object per run instead of building 100,000 records.
 * A run without a named key holds it as `undefined`, which the search reads exactly as a missing key.
 */
import type { FilterNode, SearchableRun, Target } from "../../search/index.js";
import type { RunData } from "./run-data.js";

/** Key numbers (indexes into the data's key lists) a filter or an order-by reads, per group. */
export interface KeysRead {
  readonly params: readonly number[];
  readonly metrics: readonly number[];
  readonly tags: readonly number[];
  /** Whether the git commit is read (`attributes.git_commit`). */
  readonly commit: boolean;
}

/** The keys the targets name that this experiment has; a key it lacks is missing for every run anyway. */
export function keysRead(data: RunData, targets: Iterable<Target>): KeysRead {
  const wanted = { param: new Set<string>(), metric: new Set<string>(), tag: new Set<string>() };
  let commit = false;
  for (const target of targets) {
    if (target.kind !== "attribute") wanted[target.kind].add(target.key);
    else if (target.key === "git_commit") commit = true;
  }
  const pick = (keys: readonly string[], names: ReadonlySet<string>) =>
    keys.flatMap((key, n) => (names.has(key) ? [n] : []));
  return {
    params: pick(data.paramKeys, wanted.param),
    metrics: pick(data.metricKeys, wanted.metric),
    tags: pick(data.tagKeys, wanted.tag),
    commit,
  };
}

/** Every target a filter compares. */
export function* filterTargets(node: FilterNode): Generator<Target> {
  switch (node.kind) {
    case "all":
      return;
    case "and":
    case "or":
      for (const operand of node.operands) yield* filterTargets(operand);
      return;
    case "not":
      yield* filterTargets(node.operand);
      return;
    default:
      yield node.target;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SearchRuns {
  /** The same object on every call, refilled from run number `n`: for one pass over many runs (a filter). */
  fill(n: number): SearchableRun;
  /** A new object for run number `n`: for comparisons, which hold two runs at once (a sort). */
  copy(n: number): SearchableRun;
}

/**
 * Searchable runs that hold the keys in `keys`, read from `data`. `metricOf` reads a metric (by key number)
 * of a run: its own latest value by default; a sort by what the table shows passes `data.shownMetric`.
 */
export function searchRuns(data: RunData, keys: KeysRead, metricOf: (key: number, n: number) => number | undefined = (key, n) => data.metric(key, n)): SearchRuns {
  const names = {
    params: keys.params.map((k) => data.paramKeys[k] ?? ""),
    metrics: keys.metrics.map((k) => data.metricKeys[k] ?? ""),
    tags: keys.tags.map((k) => data.tagKeys[k] ?? ""),
  };
  // Null-prototype records: assigning `__proto__` or `constructor` stores a value like any other key.
  type Records = { params: Record<string, unknown>; metrics: Record<string, unknown>; tags: Record<string, unknown> };
  // Plain loops: this runs once per run per filter, 100,000 times on a big page.
  const fillRecords = (records: Records, n: number): void => {
    for (let j = 0; j < keys.params.length; j++) records.params[names.params[j]!] = data.param(keys.params[j]!, n);
    for (let j = 0; j < keys.metrics.length; j++) records.metrics[names.metrics[j]!] = metricOf(keys.metrics[j]!, n);
    for (let j = 0; j < keys.tags.length; j++) records.tags[names.tags[j]!] = data.tag(keys.tags[j]!, n);
  };
  // The commit travels as `source.git.commit`, as on a run record; one object per distinct commit.
  const sources = new Map<string, { readonly git: { readonly commit: string } }>();
  const NO_SOURCE = {};
  const sourceOf = (n: number): NonNullable<SearchableRun["source"]> => {
    const commit = keys.commit ? data.commit(n) : undefined;
    if (commit === undefined) return NO_SOURCE;
    let source = sources.get(commit);
    if (source === undefined) sources.set(commit, (source = { git: { commit } }));
    return source;
  };
  const make = (n: number): { run: Mutable<SearchableRun>; records: Records } => {
    const records: Records = { params: Object.create(null), metrics: Object.create(null), tags: Object.create(null) };
    fillRecords(records, n);
    const run = {
      id: data.id(n),
      name: data.name(n),
      experiment: data.experiment,
      parentId: data.parentId(n),
      status: data.status(n),
      abandoned: data.abandoned(n),
      startTime: data.startTime(n),
      endTime: data.endTime(n),
      // A key the run lacks holds undefined, which the search reads as no value, as it reads an absent key.
      params: records.params as Record<string, string | number | boolean>,
      metrics: records.metrics as Record<string, number>,
      tags: records.tags as Record<string, string>,
      source: sourceOf(n),
    };
    return { run, records };
  };
  const cursor = make(0);
  return {
    fill(n) {
      const run = cursor.run;
      run.id = data.id(n);
      run.name = data.name(n);
      run.parentId = data.parentId(n);
      run.status = data.status(n);
      run.abandoned = data.abandoned(n);
      run.startTime = data.startTime(n);
      run.endTime = data.endTime(n);
      run.source = sourceOf(n);
      fillRecords(cursor.records, n);
      return run;
    },
    copy: (n) => make(n).run,
  };
}
