/**
 * MLflow stores a run's status as an integer. SCHEDULED (2) has no runtree counterpart: a scheduled run has
 * not ended, so it reads as RUNNING.
 */
import { RunStatus } from "../format/records.js";

const FROM_MLFLOW: ReadonlyMap<number, RunStatus> = new Map([
  [1, RunStatus.Running],
  [2, RunStatus.Running],
  [3, RunStatus.Finished],
  [4, RunStatus.Failed],
  [5, RunStatus.Killed],
]);

const TO_MLFLOW = {
  [RunStatus.Running]: 1,
  [RunStatus.Finished]: 3,
  [RunStatus.Failed]: 4,
  [RunStatus.Killed]: 5,
} as const satisfies Record<RunStatus, number>;

/** The runtree status of an MLflow status code, or undefined for a code MLflow does not define. */
export function statusFromMlflow(code: number): RunStatus | undefined {
  return FROM_MLFLOW.get(code);
}

export function statusToMlflow(status: RunStatus): number {
  return TO_MLFLOW[status];
}
