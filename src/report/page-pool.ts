/**
 * Run pages made on several cores: the main thread and page workers (page-worker.ts) take chunks of an
 * experiment's pages in turn, each with its own renderer, chart cache and site writer over the same folder.
 * A chunk is cut only where a top-level run starts, so a sweep's children, read for its curves, are at hand
 * for their own pages in the same lane. Every page depends on its plan item alone, and distinct runs write
 * distinct folders: the site is the same, byte for byte, whichever lane made which page.
 *
 * A worker gets the site plan once, as a structured clone (revive-site.ts), and then only run ids, with the
 * MLflow histories the reader kept for those runs; it answers with the files it wrote, by group, and the
 * problems it found, which the main thread records as its own. The first chunk a worker takes of an
 * experiment whose own files are to be made comes with those files too (experiment-files.ts): the main
 * thread starts on pages at once instead of keeping the worker waiting while it writes them.
 */
import type { HistoryShelf, PackedHistories } from "../mlflow/history-shelf.js";
import type { Problem } from "../model/problem.js";
import { shareOut } from "../threads/share-out.js";
import { LaneDown, startWorker, workerLane } from "../threads/worker-lane.js";
import type { RunPageItem, Site } from "./plan.js";
import type { SiteWriter } from "./site-writer.js";

/** Pages per chunk, at least (about 30 ms of work): small enough to share out, big enough to keep a worker busy. */
const CHUNK_PAGES = 64;

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
  /** Write the experiment's own files first. */
  readonly files: boolean;
  /** MLflow histories kept by the reader for these runs, by run folder. */
  readonly histories: ReadonlyArray<readonly [string, PackedHistories]>;
}

/** What a worker answers for a job: the files it wrote, by group, and the problems it found. */
export interface JobAnswer {
  readonly groups: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]>;
  readonly problems: ReadonlyArray<readonly [string, readonly Problem[]]>;
  readonly written: number;
}

/** How the main thread takes its part of an experiment's work. */
export interface LocalWork {
  /** Makes pages on the main thread (and counts them itself). */
  readonly local: (items: readonly RunPageItem[]) => Promise<void>;
  /** Counts the n pages a worker made. */
  readonly done: (pages: number) => void;
  /** Writes the experiment's own files on the main thread, when they are to be made; null when not. */
  readonly writeFiles: (() => void) | null;
}

export interface PagePool {
  /**
   * Makes `items` (run pages of experiment number `entry`, depth first) and the experiment's own files when
   * `work.writeFiles` is given: chunks go to the workers and to the main thread; the files go with a worker's
   * first chunk, or are written on the main thread when no worker takes one.
   */
  run(entry: number, items: readonly RunPageItem[], work: LocalWork): Promise<void>;
  /** Threads that made pages so far: the main thread and workers alike. */
  lanesUsed(): number;
  close(): Promise<void>;
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
  const lanes = Array.from({ length: input.workers }, () => workerLane<Job, JobAnswer>(startWorker(import.meta.url, "page-worker", init)));
  let jobs = 0;
  /** Lanes that made pages: 0 is the main thread, n the worker n. */
  const used = new Set<number>();
  const job = (entry: number, items: readonly RunPageItem[], files: boolean): Job => ({
    id: jobs++,
    entry,
    runs: items.map((item) => item.run.id),
    files,
    histories: items.flatMap(({ run }) => {
      const kept = input.histories?.takePacked(run.dir);
      return kept ? [[run.dir, kept] as const] : [];
    }),
  });
  return {
    async run(entry, items, { local, done, writeFiles }) {
      /** The experiment's own files, until a worker takes them. */
      let files = writeFiles;
      await shareOut(chunksOf(items, CHUNK_PAGES), {
        local: async (chunk) => {
          used.add(0);
          await local(chunk);
        },
        remote: lanes.map((lane, n) => async (chunk) => {
          const withFiles = files;
          files = null;
          let answer: JobAnswer;
          try {
            answer = await lane.submit(job(entry, chunk, withFiles !== null));
          } catch (error) {
            // A worker that could not start or died leaves its work to the main thread: a report is never
            // lost to a missing worker file or a thread the system would not give. Its own errors fail the build.
            if (!(error instanceof LaneDown)) throw error;
            withFiles?.();
            used.add(0);
            return local(chunk);
          }
          used.add(n + 1);
          input.writer.adopt(answer.groups, answer.written);
          for (const [group, found] of answer.problems) input.problemsOf(group).push(...found);
          done(chunk.length);
        }),
      });
      files?.();
    },
    lanesUsed: () => used.size,
    async close() {
      await Promise.all(lanes.map((worker) => worker.close()));
    },
  };
}
