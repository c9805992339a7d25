/**
 * Sweep questions answered from the files as they are now: a run's children (direct, or every run below
 * it) and its best child by an objective. Workers in other processes add children after the parent ended,
 * so the best child recorded in the parent's run.json when it ended can be stale; this one never is. It
 * is chosen as the report chooses it (`model/objective.ts`), so both always agree.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import type { Objective } from "../format/records.js";
import { bestChild } from "../model/objective.js";
import type { BestChild, RunRecord } from "../model/run-record.js";
import { buildForest, descendants } from "../model/tree.js";
import { readStore } from "../load/read-store.js";
import { experimentDirsOf } from "../reader/locate-run.js";
import { readExperiment, readRun } from "../reader/read-store.js";
import { fsSource } from "../source/fs-source.js";
import { checkObjective } from "./experiment.js";

export interface ChildrenOptions {
  /** Every run below the parent (children, their children, ...), depth first; default: direct children only. */
  readonly recursive?: boolean;
}

/**
 * A run and the runs of its experiment. In a runtree store only the run's experiment folder is read; an
 * MLflow store (no folder per run id at the top) is read whole.
 * @throws RuntreeError RUN_NOT_FOUND when no readable run has that id.
 */
export async function readFamily(root: string, id: string): Promise<{ run: RunRecord; runs: readonly RunRecord[] }> {
  const source = fsSource(root);
  for (const dir of experimentDirsOf(root, id)) {
    const { run } = await readRun(source, dir, id);
    if (run) return { run, runs: (await readExperiment(source, dir)).runs };
  }
  const snapshot = await readStore(root);
  const run = snapshot.runs.find((r) => r.id === id);
  if (!run) throw new RuntreeError(ErrorCode.RunNotFound, `No run ${JSON.stringify(id)} in the store ${root}.`, { run: id });
  return { run, runs: snapshot.runs.filter((r) => r.experiment === run.experiment) };
}

/** The children of `parent` among `runs`, in start order (or every descendant, depth first). */
export function childrenOf(parent: RunRecord, runs: readonly RunRecord[], options: ChildrenOptions = {}): RunRecord[] {
  const forest = buildForest(runs);
  return options.recursive === true ? descendants(forest, parent.id) : [...(forest.childrenOf.get(parent.id) ?? [])];
}

/**
 * The direct child of `parent` with the best finite latest value of the objective's metric (ties: the one
 * that started first), or null when no child has one. The objective is the one given, else the one the
 * parent declared.
 * @throws RuntreeError INVALID_ARGUMENT when there is neither, or the one given is malformed.
 */
export function bestChildOf(parent: RunRecord, runs: readonly RunRecord[], objective?: Objective): BestChild | null {
  const declared = parent.objective ?? parent.bestChild;
  let chosen: Objective;
  if (objective !== undefined) chosen = checkObjective(parent.id, objective);
  else if (declared !== undefined) chosen = { metric: declared.metric, goal: declared.goal };
  else {
    throw new RuntreeError(
      ErrorCode.InvalidArgument,
      `Run ${parent.id} declares no objective: pass one, e.g. bestChild(id, { metric: "loss", goal: "min" }).`,
      { run: parent.id, expected: "an objective { metric, goal }" },
    );
  }
  // Without the parent's record, so a stale recorded best is never returned in place of the live answer.
  const best = bestChild({}, childrenOf(parent, runs), chosen);
  if (best === null) return null;
  return { id: best.id, name: best.name, metric: chosen.metric, goal: chosen.goal, value: best.value, params: best.params };
}
