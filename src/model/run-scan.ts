import type { Problem } from "./problem.js";
import type { RunRecord } from "./run-record.js";

/**
 * What a search asks of a reader: hand over each run of some experiments as it is read, and keep none. A
 * search over 100,000 runs then holds only its results, never the whole store, and nothing is summarized.
 */
export interface ScanOptions {
  /** Names of the experiments whose runs are read; absent: every experiment. */
  readonly experiments?: ReadonlySet<string>;
  /** Called with each readable run of those experiments. */
  readonly onRun: (run: RunRecord) => void;
}

/** What a scan found besides the runs, in either format. */
export interface RunScan {
  readonly root: string;
  /** The names of every experiment in the store (in scope or not), sorted. */
  readonly experiments: readonly string[];
  /** Problems of the files read (the runs of out-of-scope experiments are not read). */
  readonly problems: readonly Problem[];
}
