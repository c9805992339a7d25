import type { ExperimentRecord } from "./experiment-record.js";
import type { Problem } from "./problem.js";
import type { RunRecord } from "./run-record.js";

/** A whole store as read, in either format: what the search, the report and the exporters work on. */
export interface StoreSnapshot {
  readonly root: string;
  readonly format: "runtree" | "mlflow";
  /** Sorted by name. */
  readonly experiments: readonly ExperimentRecord[];
  /** Sorted by start time, then id. */
  readonly runs: readonly RunRecord[];
  readonly problems: readonly Problem[];
}
