/**
 * A worker thread seen from the main thread as a lane that takes jobs and answers each one (see
 * serve-jobs.ts for the worker's side): a job is a message with an `id`, its answer a message with the same
 * id, or `{ id, error }` when it failed there, which is thrown here as the worker would have thrown it.
 *
 * A worker is a module beside the one that starts it: `<name>.js` in the built package (dist/ and the
 * commands' bundle alike), or, when the caller runs as TypeScript under tsx (the tests), `<name>.ts` loaded
 * through tsx's API from a data: URL, since a worker's own entry does not go through the hooks that
 * `--import tsx` registered for the main thread.
 */
import { Worker } from "node:worker_threads";

/** What a worker sends back for a job that threw: what is needed to throw it again here. */
export interface JobError {
  readonly message: string;
  readonly name: string;
  readonly code?: string;
  readonly path?: string;
}

export interface Lane<J extends { readonly id: number }, A> {
  submit(job: J): Promise<A>;
  close(): Promise<number>;
}

/** Starts the worker module `name` that sits beside the module at `from` (its `import.meta.url`). */
export function startWorker(from: string, name: string, workerData: unknown): Worker {
  if (!from.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, from), { workerData });
  const entry = new URL(`./${name}.ts`, from).href;
  const api = import.meta.resolve("tsx/esm/api");
  const source = `const { register } = await import(${JSON.stringify(api)});\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData });
}

/**
 * Why a job was not done: its worker failed to start (no module file beside the code that started it, no
 * thread to be had), died or was stopped. Nothing of the job is known done; the caller may do it itself.
 */
export class LaneDown extends Error {
  override name = "LaneDown";
}

/** The error a worker reported, as the main thread would have thrown it (its code decides how it is named). */
function rethrown(error: JobError): Error {
  return Object.assign(new Error(error.message), error);
}

/**
 * A lane over `worker`: one answer per job. Once the worker fails or stops, every job waiting and to come
 * fails with LaneDown; a job that threw in the worker fails with that error.
 */
export function workerLane<J extends { readonly id: number }, A>(worker: Worker): Lane<J, A> {
  const waiting = new Map<number, { resolve: (answer: A) => void; reject: (error: Error) => void }>();
  let broken: Error | null = null;
  const fail = (error: Error) => {
    broken ??= error;
    for (const pending of waiting.values()) pending.reject(broken);
    waiting.clear();
  };
  worker.on("message", (answer: { readonly id: number; readonly error?: JobError }) => {
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.error !== undefined) pending?.reject(rethrown(answer.error));
    else pending?.resolve(answer as A);
  });
  worker.on("error", (error) => fail(new LaneDown(`a worker thread failed: ${error.message}`, { cause: error })));
  // An answer that cannot be read here would leave its job waiting for ever: the lane is of no more use.
  worker.on("messageerror", (error) => fail(new LaneDown(`a worker thread's answer could not be read: ${error.message}`, { cause: error })));
  worker.on("exit", (code) => fail(new LaneDown(`a worker thread stopped (exit code ${code})`)));
  return {
    submit(job) {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        waiting.set(job.id, { resolve, reject });
        worker.postMessage(job);
      });
    },
    close: () => worker.terminate(),
  };
}
