/**
 * The records as they are stored on disk (format 1). These are the shapes the JSON Schemas in `schemas/`
 * describe; the reader validates every file against them before it uses a field. Computed data (the tree,
 * summaries shown in the report) lives in `model/`, never here.
 */
import type { EncodedNumber } from "./metric-value.js";

export const FORMAT = 1;

export const RunStatus = {
  Running: "RUNNING",
  Finished: "FINISHED",
  Failed: "FAILED",
  Killed: "KILLED",
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];
export type EndStatus = Exclude<RunStatus, "RUNNING">;

export type ParamValue = string | number | boolean;

export interface Objective {
  readonly metric: string;
  readonly goal: "min" | "max";
}

/** `<experiment-dir>/experiment.json`: nothing time- or machine-dependent, so every creator writes the same bytes. */
export interface ExperimentFile {
  readonly format: typeof FORMAT;
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Per-key summary of a run's metric history, kept in run.json so readers need not read metrics.jsonl. */
export interface MetricSummaryFile {
  /** The latest point: highest (step, timestamp), as MLflow defines it. */
  readonly last: EncodedNumber;
  readonly step: number;
  readonly timestamp: number;
  readonly min: EncodedNumber;
  readonly max: EncodedNumber;
  readonly count: number;
}

export interface BestChildFile {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly goal: "min" | "max";
  readonly value: EncodedNumber;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** Where a run came from. Paths are never absolute: see `store/source-info.ts`. */
export interface SourceFile {
  /** Relative to the repository's root (posix separators), or only the file name outside a repository. */
  readonly script?: string;
  /** Relative to the same root ("." for the root itself), or only the folder's name outside it. */
  readonly cwd?: string;
  readonly git?: {
    readonly commit: string;
    readonly branch?: string;
    readonly dirty: boolean;
    readonly remote?: string;
  };
  readonly host?: string;
  readonly user?: string;
  readonly node?: string;
  readonly platform?: string;
}

/** Who owns a RUNNING run: lets a reader tell a live run from one whose process died (abandoned). */
export interface OwnerFile {
  readonly host: string;
  readonly pid: number;
  /** The process's start time as the OS reports it, to survive pid reuse; absent where unknown. */
  readonly processStart?: string;
}

/** A deleted run's mark: soft, undone by a restore; the folder goes only when purged. */
export interface DeletedFile {
  /** When it was deleted (ms since the epoch). */
  readonly time: number;
  /** The ancestor whose deletion took this run along; absent when the run itself was deleted. */
  readonly ancestor?: string;
}

/**
 * `<experiment-dir>/<run-id>/run.json`: written by the process that owns the run while it runs, and after
 * that by edits (tags, name, note, deletion) made one at a time under the run's claim.
 */
export interface RunFile {
  readonly format: typeof FORMAT;
  readonly id: string;
  readonly experiment: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly status: RunStatus;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, MetricSummaryFile>>;
  readonly description?: string;
  readonly objective?: Objective;
  readonly bestChild?: BestChildFile;
  readonly source?: SourceFile;
  readonly deleted?: DeletedFile;
  readonly owner?: OwnerFile;
}

/**
 * `<experiment-dir>/<parent-id>/children/<child-id>.json`: a child's link in its parent's folder, written once
 * by the process that starts the child (so no file has two writers, and merges never conflict). It lets a
 * parent find its children without listing the experiment; the child's run.json stays the truth.
 */
export interface ChildFile {
  readonly format: typeof FORMAT;
  readonly id: string;
}

/** First line of `metrics.jsonl`. */
export interface MetricsHeaderLine {
  readonly format: typeof FORMAT;
  readonly run: string;
}

/** Every further line of `metrics.jsonl`. */
export interface MetricLine {
  readonly key: string;
  readonly value: EncodedNumber;
  readonly step: number;
  readonly timestamp: number;
}

export const FILE = {
  experiment: "experiment.json",
  run: "run.json",
  metrics: "metrics.jsonl",
  artifacts: "artifacts",
  children: "children",
} as const;
