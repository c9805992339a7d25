/**
 * For every sweep with an objective: its best child's value at the base and at the head, and whether the
 * head beat the base. The objective is the head's (the sweep's author may have declared it since), applied
 * to both sides so that like is compared with like. Pure.
 */
import type { Objective } from "../format/records.js";
import { bestChild, resolveObjective } from "../model/objective.js";
import type { RunRecord } from "../model/run-record.js";

export interface SweepChange {
  readonly id: string;
  readonly name: string;
  readonly experiment: string;
  readonly metric: string;
  readonly goal: "min" | "max";
  /** The best child's value at the base; null for a sweep that is new (or had no child with the metric). */
  readonly before: number | null;
  /** The best child's value at the head; null when no child has the metric. */
  readonly after: number | null;
  /** `after - before`, or null when either is null. */
  readonly delta: number | null;
  /** Whether `after` beats `before` by the goal; null when there is nothing to compare. */
  readonly improved: boolean | null;
}

/** A snapshot's runs grouped for the sweep view: by id, and the active (not deleted) children of each parent. */
export interface RunsIndex {
  readonly byId: ReadonlyMap<string, RunRecord>;
  readonly childrenOf: ReadonlyMap<string, readonly RunRecord[]>;
}

export function indexRuns(runs: readonly RunRecord[]): RunsIndex {
  const byId = new Map<string, RunRecord>();
  const childrenOf = new Map<string, RunRecord[]>();
  for (const run of runs) byId.set(run.id, run);
  for (const run of runs) {
    // A deleted trial is out of its sweep's ranking, as it is out of the report.
    if (run.parentId === null || !byId.has(run.parentId) || run.deleted !== undefined) continue;
    const siblings = childrenOf.get(run.parentId);
    if (siblings) siblings.push(run);
    else childrenOf.set(run.parentId, [run]);
  }
  return { byId, childrenOf };
}

/**
 * One entry per run of the head that has children and an objective (declared, or `fallback`), in the
 * order of `order` (the head's runs as the diff lists them).
 */
export function sweepChanges(base: RunsIndex, head: RunsIndex, order: readonly RunRecord[], fallback: Objective | null): SweepChange[] {
  const out: SweepChange[] = [];
  for (const parent of order) {
    const children = head.childrenOf.get(parent.id);
    if (children === undefined) continue;
    const objective = resolveObjective(parent, fallback);
    if (objective !== null) out.push(compareSweep(parent, children, base, objective));
  }
  return out;
}

/**
 * One sweep at the head (its parent and the children to rank) against the same sweep at the base.
 * @example compareSweep(parent, children, indexRuns(base.runs), { metric: "loss", goal: "min" }).improved
 */
export function compareSweep(parent: RunRecord, children: readonly RunRecord[], base: RunsIndex, objective: Objective): SweepChange {
  const after = bestChild(parent, children, objective)?.value ?? null;
  const baseParent = base.byId.get(parent.id);
  const before = baseParent ? (bestChild(baseParent, base.childrenOf.get(parent.id) ?? [], objective)?.value ?? null) : null;
  const comparable = before !== null && after !== null;
  return {
    id: parent.id,
    name: parent.name,
    experiment: parent.experiment,
    metric: objective.metric,
    goal: objective.goal,
    before,
    after,
    delta: comparable ? after - before : null,
    improved: comparable ? (objective.goal === "min" ? after < before : after > before) : null,
  };
}
