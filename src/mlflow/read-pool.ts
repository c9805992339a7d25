/**
 * The run folders of a big MLflow experiment read on several cores: the main thread and run-reading workers
 * (read-worker.ts) take chunks of its run folders in turn, each reading with its own view of the same store
 * folder. Reading is most of what a search or a report of an MLflow store costs (about ten small files per
 * run: an open, a read and a close each, then parsing); it shares out well, unlike the small amount of work
 * that follows it. The result is the same, in the same order, whichever thread read which run.
 *
 * A worker answers with run records (made whole again by model/revive-run.ts), their problems, and, when
 * the caller keeps histories, the metric points it parsed for the summaries (history-shelf.ts).
 */
import type { Worker } from "node:worker_threads";
import type { Problem } from "../model/problem.js";
import { reviveRun } from "../model/revive-run.js";
import type { RunRecord } from "../model/run-record.js";
import { mapLimit } from "../reader/map-limit.js";
import type { StoreSource } from "../source/store-source.js";
import { shareOut } from "../threads/share-out.js";
import { startWorker, workerLane, type Lane } from "../threads/worker-lane.js";
import type { HistoryShelf, PackedHistories } from "./history-shelf.js";
import { readMlflowRun } from "./read-run.js";

/** Run folders per chunk (about 60 ms of reading): small enough to share out, big enough to keep a worker busy. */
const CHUNK_RUNS = 200;
/** Runs read at once on a thread: the reads are synchronous, this only bounds the promises in flight. */
const PARALLEL_RUNS = 16;

/** The experiment whose runs are read. */
export interface ExperimentPlace {
  /** Its folder relative to the root: `<id>`, or `.trash/<id>`. */
  readonly path: string;
  readonly id: string;
  readonly name: string;
  /** It sits in `.trash/`. */
  readonly deleted: boolean;
}

/** What a read-worker is sent: run folders of one experiment. */
export interface ReadJob {
  readonly id: number;
  readonly experiment: ExperimentPlace;
  readonly runIds: readonly string[];
  /** Send back the metric points parsed for the summaries. */
  readonly keep: boolean;
}

export interface RunRead {
  readonly run?: RunRecord;
  readonly problems: Problem[];
}

/** A worker's answer: one read per run id, in order, with its histories (by metric key) when kept. */
export interface ReadAnswer {
  readonly reads: ReadonlyArray<RunRead & { readonly histories?: PackedHistories }>;
}

/**
 * Reads run folders on the thread that calls it; with `onRun`, each run goes there as it is read and is not
 * kept in the reads (a search over a big store holds one run at a time).
 */
export function readRunsHere(
  source: StoreSource,
  experiment: ExperimentPlace,
  runIds: readonly string[],
  shelf?: HistoryShelf,
  onRun?: (run: RunRecord) => void,
): Promise<RunRead[]> {
  return mapLimit(runIds, PARALLEL_RUNS, async (runId) => {
    const where = { source, experimentPath: experiment.path, experimentId: experiment.id, experimentName: experiment.name, runId };
    const read = await readMlflowRun(where, experiment.deleted, shelf);
    if (read.run === undefined || onRun === undefined) return read;
    onRun(read.run);
    return { problems: read.problems };
  });
}

export interface RunReadPool {
  /** Reads `runIds` of `experiment` here and on the workers; one read per id, in the order given. */
  read(experiment: ExperimentPlace, runIds: readonly string[], shelf?: HistoryShelf): Promise<RunRead[]>;
  close(): Promise<void>;
}

/**
 * `workers` run-reading workers beside this thread, over the store folder of `source` (a local folder). A
 * chunk a worker cannot read (it failed to start, or stopped: the library bundled without its worker file,
 * say) is read here instead: the workers only ever make a read faster.
 * @param start starts a worker with its data (the tests start one that fails).
 */
export function runReadPool(
  source: StoreSource & { readonly folder: string },
  workers: number,
  start: (data: { readonly root: string }) => Worker = (data) => startWorker(import.meta.url, "read-worker", data),
): RunReadPool {
  const lanes: Array<Lane<ReadJob, ReadAnswer>> = Array.from({ length: workers }, () => workerLane<ReadJob, ReadAnswer>(start({ root: source.folder })));
  let jobs = 0;
  return {
    async read(experiment, runIds, shelf) {
      const reads = new Array<RunRead>(runIds.length);
      const chunks: Array<{ readonly start: number; readonly ids: readonly string[] }> = [];
      for (let start = 0; start < runIds.length; start += CHUNK_RUNS) chunks.push({ start, ids: runIds.slice(start, start + CHUNK_RUNS) });
      const here = async ({ start, ids }: (typeof chunks)[number]) => {
        (await readRunsHere(source, experiment, ids, shelf)).forEach((read, index) => (reads[start + index] = read));
      };
      await shareOut(chunks, {
        local: here,
        remote: lanes.map((lane) => async (chunk) => {
          let answer: ReadAnswer;
          try {
            answer = await lane.submit({ id: jobs++, experiment, runIds: chunk.ids, keep: shelf !== undefined });
          } catch {
            return here(chunk);
          }
          answer.reads.forEach(({ run, problems, histories }, index) => {
            if (run !== undefined) {
              reviveRun(run);
              if (histories !== undefined) shelf?.putPacked(run.dir, histories);
            }
            reads[chunk.start + index] = run === undefined ? { problems } : { run, problems };
          });
        }),
      });
      return reads;
    },
    async close() {
      await Promise.all(lanes.map((lane) => lane.close()));
    },
  };
}
