import { createHash } from "node:crypto";

/** MLflow's own default experiment: always id 0, and MLflow expects it to exist. */
export const DEFAULT_EXPERIMENT = { id: "0", name: "Default" } as const;

const MAX_ID = (1n << 63n) - 1n;

/**
 * An MLflow experiment id (a decimal string) for an experiment name: derived from the name alone, so that
 * exporting the same store twice, or on two machines, gives the same ids. Like MLflow's own, it fits a
 * signed 64-bit integer. "Default" is MLflow's experiment 0.
 * @example mlflowExperimentId("Default") // "0"
 */
export function mlflowExperimentId(name: string): string {
  if (name === DEFAULT_EXPERIMENT.name) return DEFAULT_EXPERIMENT.id;
  const hash = createHash("sha256").update(name, "utf8").digest();
  const id = hash.readBigUInt64BE(0) & MAX_ID;
  return String(id === 0n ? 1n : id);
}
