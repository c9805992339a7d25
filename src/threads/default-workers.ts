/**
 * How many worker threads to use beside the main thread when the caller does not say: one per other core,
 * four threads in all at most: past four, the disk and the main thread's own share keep the rest waiting.
 */
import { availableParallelism } from "node:os";

/** Threads in all, at most, by default. */
export const MAX_AUTO_THREADS = 4;

export function defaultWorkers(cores: number = availableParallelism()): number {
  return Math.min(cores, MAX_AUTO_THREADS) - 1;
}
