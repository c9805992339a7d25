/**
 * The store at one revision against the store at another: which runs were added, removed or changed, and
 * how every sweep's best child moved. Pure: it takes two snapshots (read from git objects or from the
 * working tree by the caller) and returns plain data, grouped by experiment and by top-level run.
 */
import type { Objective } from "../format/records.js";
import { compareKeys } from "../format/stable-json.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { buildForest } from "../model/tree.js";
import { changedFields } from "./run-changes.js";
import { indexRuns, sweepChanges, type SweepChange } from "./sweep-changes.js";

export type Change = "added" | "removed" | "changed";

export interface DiffEntry {
  readonly change: Change;
  /** The head's record, or the base's for a removed run. */
  readonly run: RunRecord;
  /** For `changed`: the fields that differ (see `changedFields`); empty otherwise. */
  readonly fields: readonly string[];
  /** 0 for a top-level run. */
  readonly depth: number;
}

/** The changes below one top-level run (the run itself included), in tree order. */
export interface TopLevelGroup {
  readonly root: RunRecord;
  readonly entries: readonly DiffEntry[];
}

export interface ExperimentDiff {
  readonly experiment: string;
  readonly groups: readonly TopLevelGroup[];
  readonly sweeps: readonly SweepChange[];
}

export interface StoreDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly id: string; readonly fields: readonly string[] }[];
  readonly sweeps: readonly SweepChange[];
  /** Experiments with at least one change or sweep, by name. */
  readonly experiments: readonly ExperimentDiff[];
  /**
   * Runs left out of the comparison because the reader skipped them on one side (a corrupt run.json must
   * not read as a removed or added run). Sorted.
   */
  readonly unreadable: readonly string[];
}

export interface DiffOptions {
  /** The objective of sweeps that declared none, as `report --objective` gives it. */
  readonly objective?: Objective | null;
}

/**
 * @example
 * const diff = diffSnapshots(await readStore(base.source), await readStore("mlruns"));
 * diff.added; // ids of runs that are new since the base
 */
export function diffSnapshots(base: StoreSnapshot, head: StoreSnapshot, options: DiffOptions = {}): StoreDiff {
  const baseIndex = indexRuns(base.runs);
  const headIndex = indexRuns(head.runs);
  const unreadableAtBase = runsWithProblems(base.problems, baseIndex.byId);
  const unreadableAtHead = runsWithProblems(head.problems, headIndex.byId);
  const entries = new Map<string, Omit<DiffEntry, "depth">>();
  for (const run of head.runs) {
    const before = baseIndex.byId.get(run.id);
    if (before === undefined) {
      if (!unreadableAtBase.has(run.id)) entries.set(run.id, { change: "added", run, fields: [] });
    }
    else {
      const fields = changedFields(before, run);
      if (fields.length > 0) entries.set(run.id, { change: "changed", run, fields });
    }
  }
  for (const run of base.runs) {
    if (!headIndex.byId.has(run.id) && !unreadableAtHead.has(run.id)) entries.set(run.id, { change: "removed", run, fields: [] });
  }

  // One forest over the head's runs and the removed ones, so a removed child still shows under its parent.
  const removedRuns = base.runs.filter((run) => entries.get(run.id)?.change === "removed");
  const forest = buildForest([...head.runs, ...removedRuns]);
  const byExperiment = new Map<string, { groups: TopLevelGroup[]; order: RunRecord[] }>();
  const experimentOf = (name: string) => {
    let found = byExperiment.get(name);
    if (!found) byExperiment.set(name, (found = { groups: [], order: [] }));
    return found;
  };
  for (const root of forest.roots) {
    const group: DiffEntry[] = [];
    const visit = (run: RunRecord, depth: number) => {
      experimentOf(run.experiment).order.push(run);
      const entry = entries.get(run.id);
      if (entry) group.push({ ...entry, depth });
      for (const child of forest.childrenOf.get(run.id) ?? []) visit(child, depth + 1);
    };
    visit(root, 0);
    if (group.length > 0) experimentOf(root.experiment).groups.push({ root, entries: group });
  }

  const sweeps: SweepChange[] = [];
  const experiments: ExperimentDiff[] = [];
  for (const name of [...byExperiment.keys()].sort(compareKeys)) {
    const { groups, order } = byExperiment.get(name)!;
    const own = sweepChanges(baseIndex, headIndex, order.filter((run) => headIndex.byId.has(run.id)), options.objective ?? null);
    sweeps.push(...own);
    if (groups.length > 0 || own.length > 0) experiments.push({ experiment: name, groups, sweeps: own });
  }
  const listed = experiments.flatMap((experiment) => experiment.groups.flatMap((group) => group.entries));
  return {
    added: listed.filter((entry) => entry.change === "added").map((entry) => entry.run.id),
    removed: listed.filter((entry) => entry.change === "removed").map((entry) => entry.run.id),
    changed: listed.filter((entry) => entry.change === "changed").map((entry) => ({ id: entry.run.id, fields: entry.fields })),
    sweeps,
    experiments,
    unreadable: [...new Set([...unreadableAtBase, ...unreadableAtHead])].sort(compareKeys),
  };
}

/** Runs a problem names (`<experiment>/<run id>/...` in both layouts) that the reader had to skip. */
function runsWithProblems(problems: readonly Problem[], read: ReadonlyMap<string, RunRecord>): Set<string> {
  const ids = new Set<string>();
  for (const problem of problems) {
    const id = /(?:^|\/)([0-9a-f]{32})\//.exec(problem.file)?.[1];
    if (id !== undefined && !read.has(id)) ids.add(id);
  }
  return ids;
}
