import type { Run } from "./run.js";

/** Runs `fn` with `run`, ending it FINISHED on return or FAILED on throw (rethrown). */
export async function scoped<T>(run: Run, fn: (run: Run) => T | Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await fn(run);
  } catch (error) {
    await run.end("FAILED");
    throw error;
  }
  await run.end("FINISHED");
  return result;
}
