import { ErrorCode, RuntreeError } from "../errors.js";
import { dictionary } from "../format/dictionary.js";
import { isRunFile, lastSchemaProblem } from "../format/schema.js";
import { encodeNumber } from "../format/metric-value.js";
import type { MetricSummary } from "../model/run-record.js";
import { FORMAT, type BestChildFile, type ParamValue, type RunFile, type RunStatus } from "../format/records.js";
import type { RunInit } from "./run.js";

/** What a run knows that changes while it is logged. */
export interface RunState {
  readonly status: RunStatus;
  readonly endTime: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly summaries: Readonly<Record<string, MetricSummary>>;
  readonly bestChild: BestChildFile | undefined;
}

/** The `run.json` record of a run (pure): fixed facts from its start, plus its current state. */
export function runFileOf(init: RunInit, state: RunState): RunFile {
  const metrics: Record<string, RunFile["metrics"][string]> = dictionary();
  for (const [key, s] of Object.entries(state.summaries)) {
    metrics[key] = { ...s, last: encodeNumber(s.last), min: encodeNumber(s.min), max: encodeNumber(s.max) };
  }
  return {
    format: FORMAT,
    id: init.id,
    experiment: init.experiment,
    name: init.name,
    parentId: init.parentId,
    status: state.status,
    startTime: init.startTime,
    endTime: state.endTime,
    params: state.params,
    tags: state.tags,
    metrics,
    ...(init.description !== undefined && { description: init.description }),
    ...(init.objective && { objective: init.objective }),
    ...(state.bestChild && { bestChild: state.bestChild }),
    ...(init.source && { source: init.source }),
    // Only a running run has an owner: it is how readers tell a live run from an abandoned one.
    ...(state.status === "RUNNING" && { owner: init.owner }),
  };
}

/** `file`, once it matches the run schema: the writer never writes what the reader could not read back. */
export function checkedRunFile(file: RunFile): RunFile {
  const id = file.id;
  if (isRunFile(file)) return file;
  const { pointer, message } = lastSchemaProblem();
  throw new RuntreeError(ErrorCode.SchemaViolation, `Run ${id}: refusing to write an invalid run.json (${pointer}: ${message}).`, { run: id, pointer });
}
