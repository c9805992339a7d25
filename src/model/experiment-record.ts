import type { RunStatus } from "../format/records.js";

export interface ExperimentRecord {
  readonly name: string;
  /** Directory name inside the store. */
  readonly dir: string;
  readonly description?: string;
  /** A null-prototype record, like a run's tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Active runs: deleted ones are counted apart, and left out of every other figure here. */
  readonly runCount: number;
  readonly deletedRunCount: number;
  readonly topLevelRunCount: number;
  readonly statusCounts: Readonly<Partial<Record<RunStatus | "ABANDONED", number>>>;
  /** Latest start or end time of any run, or null for an empty experiment. */
  readonly lastActivity: number | null;
}
