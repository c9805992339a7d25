/**
 * Run pages made on several cores: the main thread and page workers (page-worker.ts) take chunks of an
 * experiment's pages in turn, each with its own renderer, chart cache and site writer over the same folder.
 * A chunk is cut only where a top-level run starts, so a sweep's children, read for its curves, are at hand
 * for their own pages in the same lane. Every page depends on its plan item alone, and distinct runs write
 * distinct folders: the site is the same, byte for byte, whichever lane made which page.
 *
 * A worker gets the site plan once, as a structured clone (revive-site.ts), and then only run ids, with the
 * MLflow histories the reader kept for those runs; it answers with the files it wrote, by group, and the
 * problems it found, which the main thread records as its own.
 */
import { Worker } from "node:worker_threads";
import type { HistoryShelf } from "../mlflow/history-shelf.js";
import type { Problem } from "../model/problem.js";
import type { RunPageItem, Site } from "./plan.js";
import type { SiteWriter } from "./site-writer.js";

/** Pages per chunk, at least (about 30 ms of work): small enough to share out, big enough to keep a worker busy. */
const CHUNK_PAGES = 64;
/** Chunks sent to a worker ahead: it starts the next while the main thread, busy with its own, reads the answer. */
const AHEAD = 2;

/** What a worker is started with. */
export interface WorkerInit {
  readonly site: Site;
  readonly root: string;
  readonly live: boolean;
  /** The main writer's folder listings (see site-folders.ts). */
  readonly seed: ReadonlyArray<readonly [string, readonly string[]]>;
}

/** A chunk of pages for a worker. */
export interface Job {
  readonly id: number;
  /** The experiment, by its index in `site.entries`. */
  readonly entry: number;
  readonly runs: readonly string[];
  /** MLflow histories kept by the reader for these runs, by run folder. */
  readonly histories: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, unknown]>]>;
}

export type JobAnswer =
  | {
      readonly id: number;
      readonly groups: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]>;
      readonly problems: ReadonlyArray<readonly [string, readonly Problem[]]>;
      readonly written: number;
    }
  | { readonly id: number; readonly error: { readonly message: string; readonly name: string; readonly code?: string; readonly path?: string } };

export interface PagePool {
  /**
   * Makes `items` (run pages of experiment number `entry`, depth first): chunks go to the workers and to
   * `local`, which makes pages on the main thread (and counts them itself); `done(n)` after a worker's n.
   */
  run(entry: number, items: readonly RunPageItem[], local: (items: readonly RunPageItem[]) => Promise<void>, done: (pages: number) => void): Promise<void>;
  /** Threads that made pages so far: the main thread and workers alike. */
  lanesUsed(): number;
  close(): Promise<void>;
}

/**
 * A page worker: the built module beside this one, or, when this runs as TypeScript under tsx (the tests),
 * the TypeScript module loaded through tsx's API, since a worker's own entry does not go through the hooks
 * that `--import tsx` registered for the main thread.
 */
function startWorker(init: WorkerInit): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./page-worker.js", import.meta.url), { workerData: init });
  const entry = new URL("./page-worker.ts", import.meta.url).href;
  const source = `const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))});\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData: init });
}

/** The error a worker reported, as the main thread would have thrown it (its code decides how it is named). */
function rethrown(error: Extract<JobAnswer, { error: unknown }>["error"]): Error {
  return Object.assign(new Error(error.message), error);
}

/** Splits depth-first items into chunks of at least `size`, each starting at a top-level run. */
function chunksOf(items: readonly RunPageItem[], size: number): RunPageItem[][] {
  const chunks: RunPageItem[][] = [];
  let current: RunPageItem[] = [];
  for (const item of items) {
    const top = item.ancestors.length === 0 && item.elided === undefined;
    if (top && current.length >= size) {
      chunks.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** A worker, one answer per job. */
function lane(worker: Worker) {
  const waiting = new Map<number, { resolve: (answer: Exclude<JobAnswer, { error: unknown }>) => void; reject: (error: Error) => void }>();
  let broken: Error | null = null;
  const fail = (error: Error) => {
    broken ??= error;
    for (const pending of waiting.values()) pending.reject(broken);
    waiting.clear();
  };
  worker.on("message", (answer: JobAnswer) => {
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ("error" in answer) pending?.reject(rethrown(answer.error));
    else pending?.resolve(answer);
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`a page worker stopped (exit code ${code})`)));
  return {
    submit(job: Job): Promise<Exclude<JobAnswer, { error: unknown }>> {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        waiting.set(job.id, { resolve, reject });
        worker.postMessage(job);
      });
    },
    close: () => worker.terminate(),
  };
}

/**
 * Starts `workers` page workers for `site`, written into `root` beside `writer` (the main thread's), whose
 * records take in what the workers write; problems they find go to `problemsOf`.
 */
export function startPagePool(input: {
  readonly workers: number;
  readonly site: Site;
  readonly root: string;
  readonly live: boolean;
  readonly writer: SiteWriter;
  readonly problemsOf: (group: string) => Problem[];
  readonly histories: HistoryShelf | undefined;
}): PagePool {
  const seed = [...input.writer.listed()].map(([folder, names]) => [folder, [...names]] as const);
  const init: WorkerInit = { site: input.site, root: input.root, live: input.live, seed };
  const lanes = Array.from({ length: input.workers }, () => lane(startWorker(init)));
  let jobs = 0;
  /** Lanes that made pages: 0 is the main thread, n the worker n. */
  const used = new Set<number>();
  const job = (entry: number, items: readonly RunPageItem[]): Job => ({
    id: jobs++,
    entry,
    runs: items.map((item) => item.run.id),
    histories: items.flatMap(({ run }) => {
      const kept = input.histories?.take(run.dir);
      return kept ? [[run.dir, [...kept]] as const] : [];
    }),
  });
  return {
    async run(entry, items, local, done) {
      const chunks = chunksOf(items, CHUNK_PAGES);
      let next = 0;
      let failure: { error: unknown } | undefined;
      const guard = async (work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          failure ??= { error };
        }
      };
      const here = guard(async () => {
        while (failure === undefined && next < chunks.length) {
          const chunk = chunks[next++]!;
          used.add(0);
          await local(chunk);
          // Pages resolve without real waits: without a turn of the event loop here, the workers' answers
          // (and their next chunks) would wait until the main thread has made every page itself.
          await new Promise((resume) => setImmediate(resume));
        }
      });
      const there = lanes.map((worker, n) =>
        guard(async () => {
          const sent: Array<Promise<void>> = [];
          while (failure === undefined) {
            while (sent.length < AHEAD && next < chunks.length) {
              const chunk = chunks[next++]!;
              const answered = worker.submit(job(entry, chunk)).then((answer) => {
                used.add(n + 1);
                input.writer.adopt(answer.groups, answer.written);
                for (const [group, found] of answer.problems) input.problemsOf(group).push(...found);
                done(chunk.length);
              });
              // A failure stops the sharing out; the chunks already sent are waited for.
              sent.push(answered.catch((error: unknown) => void (failure ??= { error })));
            }
            if (sent.length === 0) return;
            await sent.shift();
          }
          await Promise.all(sent);
        }),
      );
      await Promise.all([here, ...there]);
      if (failure !== undefined) throw failure.error;
    },
    lanesUsed: () => used.size,
    async close() {
      await Promise.all(lanes.map((worker) => worker.close()));
    },
  };
}
