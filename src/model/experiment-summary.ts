import { toDictionary } from "../format/dictionary.js";
import type { ExperimentRecord } from "./experiment-record.js";
import type { RunRecord } from "./run-record.js";

/** Counts and last activity of one experiment, from its runs; deleted runs are only counted. Pure. */
export function summarizeExperiment(
  meta: { name: string; dir: string; description?: string | undefined; tags?: Readonly<Record<string, string>> | undefined },
  all: readonly RunRecord[],
): ExperimentRecord {
  const runs = all.filter((run) => run.deleted === undefined);
  const ids = new Set(runs.map((run) => run.id));
  const statusCounts: Record<string, number> = {};
  let lastActivity: number | null = null;
  let topLevel = 0;
  for (const run of runs) {
    const status = run.abandoned ? "ABANDONED" : run.status;
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    if (run.parentId === null || !ids.has(run.parentId)) topLevel++;
    const activity = Math.max(run.startTime, run.endTime ?? 0);
    if (lastActivity === null || activity > lastActivity) lastActivity = activity;
  }
  return {
    name: meta.name,
    dir: meta.dir,
    ...(meta.description !== undefined && { description: meta.description }),
    tags: toDictionary(meta.tags ?? {}),
    runCount: runs.length,
    deletedRunCount: all.length - runs.length,
    topLevelRunCount: topLevel,
    statusCounts,
    lastActivity,
  };
}
