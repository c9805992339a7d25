/**
 * A run-reading worker (see read-pool.ts): reads the run folders it is sent from its own view of the store
 * folder, and answers with the run records, their problems and, when asked, the metric points parsed.
 */
import { workerData } from "node:worker_threads";
import { fsSource } from "../source/fs-source.js";
import { serveJobs } from "../threads/serve-jobs.js";
import { historyShelf } from "./history-shelf.js";
import { readRunsHere, type ReadAnswer, type ReadJob } from "./read-pool.js";

const source = fsSource((workerData as { root: string }).root);

serveJobs<ReadJob, ReadAnswer>(async (job) => {
  // The main thread keeps the budget: everything parsed goes back.
  const shelf = job.keep ? historyShelf(Number.MAX_SAFE_INTEGER) : undefined;
  const reads = await readRunsHere(source, job.experiment, job.runIds, shelf);
  return {
    reads: reads.map((read) => {
      const histories = read.run && shelf?.takePacked(read.run.dir);
      return histories === undefined ? read : { ...read, histories };
    }),
  };
});
