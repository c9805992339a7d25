/**
 * The computed view of a run that every consumer (search, report, exporters, library callers) works on.
 * It is plain data: decoded numbers (NaN and the infinities are real numbers here), no file handles.
 */
import { dictionary, toDictionary } from "../format/dictionary.js";
import { decodeNumber } from "../format/metric-value.js";
import type { BestChildFile, DeletedFile, Objective, ParamValue, RunFile, RunStatus, SourceFile } from "../format/records.js";

export interface MetricSummary {
  /** Latest value: the point with the highest (step, timestamp), as MLflow defines it. */
  readonly last: number;
  readonly step: number;
  readonly timestamp: number;
  readonly min: number;
  readonly max: number;
  /** Number of logged points. */
  readonly count: number;
}

export interface BestChild {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly goal: "min" | "max";
  readonly value: number;
  readonly params: Readonly<Record<string, ParamValue>>;
}

export interface RunRecord {
  readonly id: string;
  readonly name: string;
  /** The experiment's name. */
  readonly experiment: string;
  readonly parentId: string | null;
  readonly status: RunStatus;
  readonly startTime: number;
  readonly endTime: number | null;
  /**
   * Params, metrics and tags are null-prototype records (as are `metricSummaries` and a best child's
   * params): a key named like an Object.prototype member (`constructor`, `__proto__`) is data, and an absent
   * one reads as undefined. Spread one (`{ ...run.params }`) for a plain object.
   */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Latest value per metric key. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly tags: Readonly<Record<string, string>>;
  /** True when the file says RUNNING but the process that owned the run is gone. */
  readonly abandoned: boolean;
  readonly metricSummaries: Readonly<Record<string, MetricSummary>>;
  readonly description?: string;
  readonly objective?: Objective;
  readonly bestChild?: BestChild;
  readonly source?: SourceFile;
  /** Present when the run is deleted (`store.deleteRun`, or MLflow's `lifecycle_stage: deleted`): when, and along with which ancestor. */
  readonly deleted?: DeletedFile;
  /** Absolute path of the run's directory (metrics history and artifacts live there). */
  readonly dir: string;
  /** Directory name of the experiment inside the store. */
  readonly experimentDir: string;
}

export function decodeBestChild(best: BestChildFile): BestChild {
  return { ...best, value: decodeNumber(best.value), params: toDictionary(best.params) };
}

/** Builds the record from a validated run.json; `metrics` may come from the file or from a replayed history. */
export function runRecordFromFile(
  file: RunFile,
  where: { dir: string; experimentDir: string },
  summaries: Readonly<Record<string, MetricSummary>>,
  abandoned: boolean,
): RunRecord {
  // Null-prototype records: a key like "constructor" or "__proto__" is data, for us and for callers.
  const metrics = dictionary<number>();
  for (const key of Object.keys(summaries)) metrics[key] = summaries[key]!.last;
  return {
    id: file.id,
    name: file.name,
    experiment: file.experiment,
    parentId: file.parentId,
    status: file.status,
    startTime: file.startTime,
    endTime: file.endTime,
    params: toDictionary(file.params),
    metrics,
    tags: toDictionary(file.tags),
    abandoned,
    metricSummaries: toDictionary(summaries),
    ...(file.description !== undefined && { description: file.description }),
    ...(file.objective && { objective: file.objective }),
    ...(file.bestChild && { bestChild: decodeBestChild(file.bestChild) }),
    ...(file.source && { source: file.source }),
    ...(file.deleted && { deleted: file.deleted }),
    dir: where.dir,
    experimentDir: where.experimentDir,
  };
}
