/**
 * What a parent's row in a runs table says about its children: its best child by the objective (the
 * value, whose it is, and which metric column it belongs in) and how many of its direct children are in
 * each status. A sweep's row then reads as its result, not as an empty parent. Pure, over plain records.
 */
import type { Objective } from "../format/records.js";
import { bestChild, resolveObjective } from "./objective.js";
import type { RunRecord } from "./run-record.js";

/** The statuses a table shows, in the order counts are listed (ABANDONED: RUNNING, but its process is gone). */
export const SHOWN_STATUSES = ["RUNNING", "FINISHED", "FAILED", "KILLED", "ABANDONED"] as const;
export type ShownStatus = (typeof SHOWN_STATUSES)[number];

export interface ParentBest {
  /** The objective's metric: the column the value is shown in. */
  readonly metric: string;
  readonly goal: "min" | "max";
  readonly value: number;
  /** The best child. */
  readonly id: string;
  readonly name: string;
  /** True when it is the parent's recorded best child (none of the children shown has the metric). */
  readonly recorded: boolean;
}

export type ChildRecord = Pick<RunRecord, "id" | "name" | "status" | "abandoned" | "metrics" | "params">;

/** The status a table shows for a run. */
export function shownStatus(run: Pick<RunRecord, "status" | "abandoned">): ShownStatus {
  return run.abandoned ? "ABANDONED" : run.status;
}

/** Direct children per shown status, aligned with `SHOWN_STATUSES`. */
export function childStatusCounts(children: ReadonlyArray<Pick<RunRecord, "status" | "abandoned">>): number[] {
  const counts = SHOWN_STATUSES.map(() => 0);
  for (const child of children) counts[SHOWN_STATUSES.indexOf(shownStatus(child))]! += 1;
  return counts;
}

/**
 * The best child of `parent` by its objective (declared, else `fallback`), or null without an objective
 * or without a child that has a finite value of its metric (and no recorded best child for it).
 *
 * @example parentBest(sweep, trials, null) // { metric: "loss", goal: "min", value: 0.1, id, name: "trial-b", recorded: false }
 */
export function parentBest(
  parent: Pick<RunRecord, "objective" | "bestChild">,
  children: readonly ChildRecord[],
  fallback: Objective | null,
): ParentBest | null {
  if (children.length === 0) return null;
  const objective = resolveObjective(parent, fallback);
  if (objective === null) return null;
  const choice = bestChild(parent, children, objective);
  if (choice === null) return null;
  return { metric: objective.metric, goal: objective.goal, value: choice.value, id: choice.id, name: choice.name, recorded: choice.recorded };
}
