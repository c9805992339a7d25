/**
 * Resuming a run, as MLflow's `start_run(run_id=...)`: an ended or abandoned run becomes RUNNING again,
 * owned by this process, and logs as before. Nothing earlier is rewritten: new metric points are appended
 * to its history after the old ones, params keep their immutability (the record's params come back), and
 * ending it writes its summary, end time and (for a sweep) its best child again.
 *
 * Taking the run over happens under its claim (`run-claim.ts`): of two processes resuming one abandoned run
 * at once, the second reads the first as its live writer and is refused with RUN_LIVE, naming it.
 */
import { dirname } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { dictionary } from "../format/dictionary.js";
import { decodeNumber } from "../format/metric-value.js";
import { FILE, type RunFile } from "../format/records.js";
import { summarize } from "../model/metric-summary.js";
import type { MetricSummary } from "../model/run-record.js";
import { readMetricsFile } from "../reader/metrics-file.js";
import { fsSource } from "../source/fs-source.js";
import { deletedError } from "./edit-run.js";
import { liveWriter, liveWriterError } from "./live-writer.js";
import { Run, type RunInit } from "./run.js";
import { withRunClaim } from "./run-claim.js";
import { locateRunFile, readRunFileAt } from "./run-file-at.js";

/** What the experiment gives every run it hands out, started or resumed. */
export type RunContext = Pick<RunInit, "owner" | "clock" | "fsync" | "startChild" | "resumeChild">;

export interface ResumeTarget {
  readonly root: string;
  /** The experiment the run must belong to. */
  readonly experiment: { readonly name: string; readonly dir: string };
  /** When set, the run must be a child of this run. */
  readonly parentId?: string;
}

/**
 * Resumes the run `id` for this process.
 * @throws RuntreeError RUN_NOT_FOUND (also for a run of another experiment, or not a child of `parentId`),
 *   RUN_LIVE naming the process still writing it, RUN_DELETED, RUN_BUSY.
 */
export async function resumeRun(target: ResumeTarget, id: string, context: RunContext): Promise<Run> {
  const located = locateRunFile(target.root, id);
  const first = readRunFileAt(located, id);
  if (located.experimentDir !== target.experiment.dir || (target.parentId !== undefined && first.parentId !== target.parentId)) {
    const where = target.parentId !== undefined ? `a child of run ${target.parentId}` : `in experiment "${target.experiment.name}"`;
    throw new RuntreeError(ErrorCode.RunNotFound, `Run ${id} (${first.name}) is not ${where}: it belongs to "${first.experiment}"${first.parentId ? ` under ${first.parentId}` : ""}.`, {
      run: id,
      experiment: target.experiment.name,
      expected: where,
    });
  }
  return withRunClaim(located.dir, id, async () => {
    const file = readRunFileAt(located, id);
    const owner = liveWriter(file);
    if (owner !== undefined) throw liveWriterError(file, owner, "resume");
    if (file.deleted) throw deletedError(file, "resume");
    const summaries = await summariesOf(file, located.dir);
    const init: RunInit = {
      id,
      name: file.name,
      experiment: file.experiment,
      experimentPath: dirname(located.dir),
      parentId: file.parentId,
      startTime: file.startTime,
      params: dictionary(Object.entries(file.params)),
      tags: dictionary(Object.entries(file.tags)),
      ...(file.description !== undefined && { description: file.description }),
      ...(file.objective && { objective: file.objective }),
      ...(file.source && { source: file.source }),
      ...context,
    };
    return new Run(init, { summaries, bestChild: file.bestChild });
  });
}

/**
 * The metric summaries to continue from. An ended run's record holds them; an abandoned one's lags behind
 * its history (it is refreshed only at `flush()` and `end()`), so its history is replayed, as the reader does.
 */
async function summariesOf(file: RunFile, dir: string): Promise<Record<string, MetricSummary>> {
  if (file.status === "RUNNING") return summarize((await readMetricsFile(fsSource(dir), FILE.metrics)).points);
  return dictionary(
    Object.entries(file.metrics).map(([key, s]) => [key, { ...s, last: decodeNumber(s.last), min: decodeNumber(s.min), max: decodeNumber(s.max) }] as const),
  );
}
