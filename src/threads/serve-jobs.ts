/**
 * The worker's side of a lane (worker-lane.ts): each job message is handled in the order it came, one at a
 * time, and answered with its id; a job that throws is answered with what the main thread needs to throw it
 * as its own (message, name, and the code and path a file-system error carries).
 */
import { parentPort } from "node:worker_threads";
import type { JobError } from "./worker-lane.js";

function failed(error: unknown): JobError {
  const { message, name, code, path } = error as { message?: unknown; name?: unknown; code?: unknown; path?: unknown };
  return {
    message: String(message ?? error),
    name: typeof name === "string" ? name : "Error",
    ...(typeof code === "string" && { code }),
    ...(typeof path === "string" && { path }),
  };
}

/** Answers every job sent to this worker with `handle(job)`, one job at a time, in order. */
export function serveJobs<J extends { readonly id: number }, A extends object>(handle: (job: J) => Promise<A>): void {
  let queue = Promise.resolve();
  parentPort!.on("message", (job: J) => {
    queue = queue.then(() =>
      handle(job).then(
        (answer) => parentPort!.postMessage({ ...answer, id: job.id }),
        (error: unknown) => parentPort!.postMessage({ id: job.id, error: failed(error) }),
      ),
    );
  });
}
