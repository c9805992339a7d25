/**
 * Which experiments and runs a report shows: `--experiment` picks experiments by name or directory, and
 * `--filter` keeps the runs that match plus all their ancestors, so every tree in the report stays whole
 * from its root down to each match.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { RunRecord } from "../model/run-record.js";

export interface Selection {
  readonly experiments: readonly ExperimentRecord[];
  readonly runs: readonly RunRecord[];
}

/**
 * The experiments named in `wanted` (each by name or directory). An empty list keeps them all.
 * @throws {RuntreeError} EXPERIMENT_NOT_FOUND naming the first one that matches no experiment.
 */
export function selectExperiments(
  experiments: readonly ExperimentRecord[],
  wanted: readonly string[],
): ExperimentRecord[] {
  if (wanted.length === 0) return [...experiments];
  for (const want of wanted) {
    if (!experiments.some((e) => e.name === want || e.dir === want)) {
      const known = experiments.map((e) => JSON.stringify(e.name)).join(", ") || "none";
      throw new RuntreeError(ErrorCode.ExperimentNotFound, `No experiment named ${JSON.stringify(want)} in the store (experiments: ${known}).`, {
        experiment: want,
        expected: `one of ${known}`,
      });
    }
  }
  return experiments.filter((e) => wanted.includes(e.name) || wanted.includes(e.dir));
}

/** The runs that match `keep`, and the ancestors of each (within the given runs), in the input order. */
export function keepWithAncestors(runs: readonly RunRecord[], keep: (run: RunRecord) => boolean): RunRecord[] {
  const byId = new Map(runs.map((run) => [run.id, run]));
  const kept = new Set<string>();
  for (const run of runs) {
    if (!keep(run)) continue;
    // Walk up until a run already kept (its ancestors are kept too), guarding against a cycle.
    for (let up: RunRecord | undefined = run; up !== undefined && !kept.has(up.id); ) {
      kept.add(up.id);
      up = up.parentId === null ? undefined : byId.get(up.parentId);
    }
  }
  return runs.filter((run) => kept.has(run.id));
}

/** Both selections together: the runs of the chosen experiments, then the filter. */
export function select(
  all: Selection,
  options: { readonly experiments: readonly string[]; readonly filter: ((run: RunRecord) => boolean) | null },
): Selection {
  const experiments = selectExperiments(all.experiments, options.experiments);
  const dirs = new Set(experiments.map((e) => e.dir));
  const inExperiments = all.runs.filter((run) => dirs.has(run.experimentDir));
  const runs = options.filter ? keepWithAncestors(inExperiments, options.filter) : inExperiments;
  return { experiments, runs };
}
