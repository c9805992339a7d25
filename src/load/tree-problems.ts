/**
 * Runs that cannot sit where their parent link says: an orphan (its parent is not in its experiment) and
 * the runs of a loop of parent links (a → b → a, or a run that is its own parent). The tree shows each of
 * them at the top (`buildForest`); this names them, so the report and `runtree check` say why instead of
 * quietly showing a child as a top-level run. A loop is damage; an orphan says which parent is missing.
 */
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { findTreeFaults } from "../model/tree.js";

export const TreeProblem = {
  Orphan: "ORPHAN_RUN",
  Loop: "PARENT_CYCLE",
} as const;

/** The tree problems of a snapshot, experiment by experiment (a parent lives in its child's experiment). */
export function treeProblems(snapshot: Pick<StoreSnapshot, "format" | "runs" | "problems">): Problem[] {
  const byExperiment = new Map<string, RunRecord[]>();
  for (const run of snapshot.runs) {
    const list = byExperiment.get(run.experimentDir);
    if (list) list.push(run);
    else byExperiment.set(run.experimentDir, [run]);
  }
  const where = new Map(snapshot.runs.map((run) => [run.id, run]));
  // Folders of runs that were found but could not be read: "missing" would send the user looking elsewhere.
  const unreadable = new Set(snapshot.problems.map((problem) => problem.file.split("/").slice(0, 2).join("/")));
  const fileOf = (run: RunRecord) =>
    `${run.experimentDir}/${run.id}/${snapshot.format === "mlflow" ? "tags/mlflow.parentRunId" : "run.json"}`;
  const problems: Problem[] = [];
  for (const runs of byExperiment.values()) {
    const { orphans, cycles } = findTreeFaults(runs);
    for (const run of orphans) {
      const parent = run.parentId!;
      const elsewhere = where.get(parent);
      const why =
        elsewhere !== undefined
          ? `which is in experiment "${elsewhere.experiment}", not in "${run.experiment}"`
          : unreadable.has(`${run.experimentDir}/${parent}`)
            ? "which could not be read (see its own problem)"
            : `which is not in experiment "${run.experiment}" (deleted or never copied?)`;
      problems.push({ file: fileOf(run), code: TreeProblem.Orphan, message: `names parent run ${parent}, ${why}; shown as a top-level run` });
    }
    for (const loop of cycles) {
      const chain = [...loop, loop[0]!].map((run) => run.id).join(" → ");
      for (const run of loop) {
        const message =
          loop.length === 1
            ? "names itself as its parent; shown as a top-level run"
            : `its parent links form a loop (${chain}); shown as a top-level run`;
        problems.push({ file: fileOf(run), code: TreeProblem.Loop, message });
      }
    }
  }
  return problems;
}
