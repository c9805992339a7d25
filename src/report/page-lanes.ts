/**
 * How many cores make run pages (page-pool.ts): `jobs` lanes, the main thread and `jobs - 1` page workers.
 * By default one lane per core up to four, and workers only for an experiment with enough pages to make:
 * a worker costs its start and a copy of the site plan (about 0.2 s for 10,000 runs), which a few hundred
 * pages do not repay.
 */
import { availableParallelism } from "node:os";
import { ErrorCode, RuntreeError } from "../errors.js";
import { defaultWorkers } from "../threads/default-workers.js";
/** Pages of one experiment to make before workers start, by default. */
const AUTO_MIN_PAGES = 1000;

export interface PageLanes {
  readonly workers: number;
  /** Pages an experiment must have to make before the workers start. */
  readonly minPages: number;
}

/**
 * @param jobs lanes asked for (`report --jobs`); workers then start for any experiment with pages to make.
 * @throws RuntreeError INVALID_ARGUMENT when `jobs` is not a whole number of at least 1.
 */
export function pageLanes(jobs: number | undefined, cores: number = availableParallelism()): PageLanes {
  if (jobs === undefined) return { workers: defaultWorkers(cores), minPages: AUTO_MIN_PAGES };
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new RuntreeError(ErrorCode.InvalidArgument, `jobs must be a whole number of at least 1, got ${String(jobs)}`, {
      expected: "a whole number of at least 1",
    });
  }
  return { workers: jobs - 1, minPages: 1 };
}
