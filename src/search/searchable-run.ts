/**
 * The run as the search sees it, and how a target reads a value from it. `RunRecord` (library, CLI) and the
 * report's `ClientRun` (once its metrics are decoded) both fit, so the browser filters with this same code.
 */
import type { Target } from "./ast.js";

export interface SearchableRun {
  readonly id: string;
  readonly name: string;
  readonly experiment?: string;
  readonly parentId: string | null;
  readonly status: string;
  /** A RUNNING run whose process is gone: its status reads as ABANDONED, as the report shows it. */
  readonly abandoned?: boolean;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Where the run came from; `attributes.git_commit` reads the full commit id recorded at its start. */
  readonly source?: { readonly git?: { readonly commit: string } } | undefined;
}

/** A value a target can have; `undefined` means the run has no such key (SQL's NULL). */
export type RunValue = string | number | boolean | undefined;

/**
 * MLflow keeps the run name and parent in these system tags; runtree keeps them as attributes, and a
 * filter written for MLflow should still find them.
 */
const SYSTEM_TAGS: Readonly<Record<string, (run: SearchableRun) => RunValue>> = {
  "mlflow.runName": (run) => run.name,
  "mlflow.parentRunId": (run) => run.parentId ?? undefined,
};

export function valueOf(run: SearchableRun, target: Target): RunValue {
  switch (target.kind) {
    case "metric":
      return own(run.metrics, target.key);
    case "param":
      return own(run.params, target.key);
    case "tag": {
      const system = Object.hasOwn(SYSTEM_TAGS, target.key) ? SYSTEM_TAGS[target.key] : undefined;
      return system !== undefined ? system(run) : own(run.tags, target.key);
    }
    case "attribute":
      switch (target.key) {
        case "run_id":
          return run.id;
        case "run_name":
          return run.name;
        case "status":
          return run.abandoned === true ? "ABANDONED" : run.status;
        case "experiment":
          return run.experiment;
        case "parent_id":
          return run.parentId ?? undefined;
        case "start_time":
          return run.startTime;
        case "end_time":
          return run.endTime ?? undefined;
        case "git_commit":
          return run.source?.git?.commit;
      }
  }
}

/** Keys are user data: `constructor` or `__proto__` must not reach Object.prototype. */
function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
