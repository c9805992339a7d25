/**
 * The worker's side of a lane (worker-lane.ts): each job message is handled in the order it came, one at a
 * time, and answered with its id; a job that throws (anything, even `undefined`) is answered with what the
 * main thread needs to throw it as its own (message, name, and the code and path a file-system error
 * carries). An answer that cannot be sent (it does not clone) is answered as that error: every job gets
 * exactly one answer, and one job's failure never holds up the next.
 */
import { parentPort } from "node:worker_threads";
import type { JobError } from "./worker-lane.js";

function failed(error: unknown): JobError {
  if (error === null || typeof error !== "object") return { message: String(error), name: "Error" };
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
  const port = parentPort!;
  const answer = async (job: J) => {
    try {
      port.postMessage({ ...(await handle(job)), id: job.id });
    } catch (error) {
      port.postMessage({ id: job.id, error: failed(error) });
    }
  };
  let queue = Promise.resolve();
  port.on("message", (job: J) => {
    queue = queue.then(() => answer(job));
  });
}
