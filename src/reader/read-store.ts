/**
 * Reads a whole runtree store (format 1) into the model. Layout-aware (we know the depth, so no recursive glob), parallel with
 * a bound, and forgiving: one bad file becomes a Problem and is skipped; only a missing root throws.
 */
import { experimentDir } from "../format/experiment-dir.js";
import { decodeNumber } from "../format/metric-value.js";
import { dictionary } from "../format/dictionary.js";
import type { ExperimentRecord } from "../model/experiment-record.js";
import { summarizeExperiment } from "../model/experiment-summary.js";
import type { Problem } from "../model/problem.js";
import { runRecordFromFile, type MetricSummary, type RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import type { RunScan, ScanOptions } from "../model/run-scan.js";
import { compareStart } from "../model/tree.js";
import { isOwnerGone } from "../format/owner.js";
import { FILE, type ExperimentFile, type RunFile } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";
import { isExperimentFile, isRunFile } from "../format/schema.js";
import { listDirsNamingLinks } from "./list-dirs.js";
import { mapLimit } from "./map-limit.js";
import { summarize } from "../model/metric-summary.js";
import { readMetricsFile } from "./metrics-file.js";
import { readJsonFile } from "./read-json.js";
import { assertStoreDirectory } from "./store-root.js";
import { fsSource } from "../source/fs-source.js";
import type { StoreSource } from "../source/store-source.js";

export interface ReadOptions {
  /** Progress callback, called after each experiment with the number of runs read so far. */
  readonly onProgress?: (runsRead: number) => void;
  /** Run files an earlier pass read and validated, offered again when unchanged since (see RunFileReuse). */
  readonly reuse?: RunFileReuse;
  /** Experiment folders not to read at all (a rebuild takes them over from the last build). */
  readonly skip?: ReadonlySet<string>;
}

/**
 * A memory of run files across reads (a report's previous build). `recall` is asked first, with the path
 * relative to the store; it returns the file as validated earlier when it is known to be unchanged since,
 * and only for an ended run (a running run's summary is replayed from its history every time). Otherwise
 * the file is read and, once valid, handed to `remember`.
 */
export interface RunFileReuse {
  recall(path: string): RunFile | undefined;
  remember(path: string, file: RunFile): void;
  /** Told before a running run's history (`<dir>/<id>/metrics.jsonl`) is replayed. */
  replaying?(path: string): void;
}

const PARALLEL_READS = 32;

/**
 * Reads a runtree store: a folder, or any other source of its files (the store at a git revision). Which
 * format a folder holds is decided above the readers (`load/read-store.ts`).
 * @example
 * const { experiments, runs, problems } = await readRuntreeStore("mlruns");
 */
export async function readRuntreeStore(from: string | StoreSource, options: ReadOptions = {}): Promise<StoreSnapshot> {
  const source = typeof from === "string" ? fsSource(from) : from;
  await assertStoreDirectory(source);
  const problems: Problem[] = [];
  const experiments: ExperimentRecord[] = [];
  const runs: RunRecord[] = [];
  const seen = new Map<string, string>();
  for (const dir of await listDirsNamingLinks(source, "", (name) => !name.startsWith("."), problems)) {
    if (options.skip?.has(dir)) continue;
    const read = await readExperiment(source, dir, options.reuse);
    problems.push(...read.problems);
    // A run id belongs to one folder: a second copy that also passes for its own (an edited copy) is skipped.
    const own = read.runs.filter((run) => {
      const first = seen.get(run.id);
      if (first === undefined) {
        seen.set(run.id, dir);
        return true;
      }
      problems.push({ file: `${dir}/${run.id}/${FILE.run}`, code: "DUPLICATE_RUN", message: `run ${run.id} is also in ${first}/; skipped` });
      return false;
    });
    if (read.name === undefined) continue;
    runs.push(...own);
    experiments.push(summarizeExperiment({ name: read.name, dir, ...read.meta }, own));
    options.onProgress?.(runs.length);
  }
  experiments.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  runs.sort(compareStart);
  return { root: source.root, format: "runtree", experiments, runs, problems };
}

/**
 * Hands each run of a runtree store to `options.onRun` as it is read, and returns every experiment's name:
 * what a search needs. Nothing is kept or summarized, and an experiment out of scope is known by its
 * experiment.json alone.
 * @example await scanRuntreeStore(fsSource("mlruns"), { onRun: (run) => failed.push(run) });
 */
export async function scanRuntreeStore(source: StoreSource, options: ScanOptions): Promise<RunScan> {
  await assertStoreDirectory(source);
  const names = new Set<string>();
  const problems: Problem[] = [];
  for (const dir of await listDirsNamingLinks(source, "", (name) => !name.startsWith("."), problems)) {
    const read = await readExperiment(source, dir, undefined, options);
    problems.push(...read.problems);
    if (read.name !== undefined) names.add(read.name);
  }
  return { root: source.root, experiments: [...names].sort(), problems };
}

/**
 * One experiment folder of a runtree store: its name and meta (undefined name when its experiment.json is
 * unreadable and it has no readable run), its runs, and the problems found. What `readRuntreeStore` reads
 * per folder, for callers that need one experiment only. With `options`, each run goes to `onRun` as it is
 * read and none is kept.
 */
export async function readExperiment(source: StoreSource, dir: string, reuse?: RunFileReuse, options?: ScanOptions) {
  const problems: Problem[] = [];
  const file = await readJsonFile(source, `${dir}/${FILE.experiment}`, isExperimentFile);
  let meta: Pick<ExperimentFile, "description" | "tags"> = {};
  let name: string | undefined;
  if (file.ok) {
    name = file.value.name;
    meta = file.value;
    if (experimentDir(name) !== dir) {
      problems.push({
        file: `${dir}/${FILE.experiment}`,
        code: "MISPLACED_EXPERIMENT",
        message: `experiment "${name}" belongs in directory "${experimentDir(name)}", found in "${dir}"; skipped`,
      });
      return { name: undefined, meta, runs: [], problems };
    }
    if (options?.experiments !== undefined && !options.experiments.has(name)) return { name, meta, runs: [], problems };
  } else {
    problems.push(file.problem);
  }
  const runDirs = await listDirsNamingLinks(source, dir, (entry) => RUN_ID.test(entry), problems);
  const onRun = options?.onRun;
  // Nothing per run outlives its read but the run itself (and only without `onRun`): a scan of 100,000
  // runs that kept a small object per run paid for it in garbage collection.
  const read: (RunRecord | undefined)[] = onRun === undefined ? new Array<RunRecord | undefined>(runDirs.length) : [];
  const runProblems: { at: number; problems: Problem[] }[] = [];
  // Without a readable experiment.json the runs still say which experiment they belong to: the first one's.
  let first = { at: runDirs.length, name: undefined as string | undefined };
  await mapLimit(runDirs, PARALLEL_READS, async (id, at) => {
    const result = await readRun(source, dir, id, reuse);
    if (result.problems.length > 0) runProblems.push({ at, problems: result.problems });
    const { run } = result;
    if (run === undefined) return;
    if (at < first.at) first = { at, name: run.experiment };
    if (onRun === undefined) read[at] = run;
    else onRun(run);
  });
  for (const { problems: found } of runProblems.sort((a, b) => a.at - b.at)) problems.push(...found);
  return { name: name ?? first.name, meta, runs: read.filter((run) => run !== undefined), problems };
}

/** One run, read and checked as `readStore` would; `run` is absent when the file is bad or misplaced. */
export async function readRun(
  source: StoreSource,
  dir: string,
  id: string,
  reuse?: RunFileReuse,
): Promise<{ run?: RunRecord; problems: Problem[] }> {
  const runDir = source.locate(`${dir}/${id}`);
  const display = `${dir}/${id}/${FILE.run}`;
  const recalled = reuse?.recall(display);
  const file = recalled ? { ok: true as const, value: recalled } : await readJsonFile(source, display, isRunFile);
  if (!file.ok) return { problems: [file.problem] };
  const record = file.value;
  if (!recalled) reuse?.remember(display, record);
  const misplaced = placementProblem(record, dir, id);
  if (misplaced) return { problems: [{ file: display, code: "MISPLACED_RUN", message: misplaced }] };
  if (record.status !== "RUNNING") {
    return { run: runRecordFromFile(record, { dir: runDir, experimentDir: dir }, decodeSummaries(record), false), problems: [] };
  }
  // A running (or abandoned) run's summary in run.json lags behind: replay its history instead.
  reuse?.replaying?.(`${dir}/${id}/${FILE.metrics}`);
  const history = await readMetricsFile(source, `${dir}/${id}/${FILE.metrics}`);
  const summaries = { ...decodeSummaries(record), ...summarize(history.points) };
  const abandoned = isOwnerGone(record.owner);
  return { run: runRecordFromFile(record, { dir: runDir, experimentDir: dir }, summaries, abandoned), problems: history.problems };
}

/** A copied run directory, or one a bad merge put in another experiment, must not pass for the real run. */
function placementProblem(record: RunFile, dir: string, id: string): string | undefined {
  if (record.id !== id) return `run id inside is ${record.id} but the directory is ${id}; skipped`;
  const rightful = dirOf(record.experiment);
  if (rightful !== dir) {
    return `run belongs to experiment "${record.experiment}" (directory "${rightful}") but sits in "${dir}"; skipped`;
  }
  return undefined;
}

const dirs = new Map<string, string>();
/** `experimentDir` hashes the name; a store has few names and many runs. */
function dirOf(name: string): string {
  let dir = dirs.get(name);
  if (dir === undefined) {
    dir = experimentDir(name);
    if (dirs.size > 10_000) dirs.clear();
    dirs.set(name, dir);
  }
  return dir;
}

function decodeSummaries(record: RunFile): Record<string, MetricSummary> {
  const summaries = dictionary<MetricSummary>();
  for (const key of Object.keys(record.metrics)) {
    const s = record.metrics[key]!;
    summaries[key] = { ...s, last: decodeNumber(s.last), min: decodeNumber(s.min), max: decodeNumber(s.max) };
  }
  return summaries;
}
