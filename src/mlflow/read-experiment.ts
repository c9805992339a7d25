/**
 * Reads one experiment folder of an MLflow store: its `meta.yaml`, its tags, and every run folder in it.
 * A folder without `meta.yaml` is not an experiment (MLflow's model registry keeps `models/` beside them).
 */
import { dictionary } from "../format/dictionary.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { ScanOptions } from "../model/run-scan.js";
import { listDirs } from "../reader/list-dirs.js";
import { RUN_ID } from "../format/run-id.js";
import type { StoreSource } from "../source/store-source.js";
import { experimentMeta } from "./meta-records.js";
import { readMetaYaml } from "./read-meta-yaml.js";
import { readValues } from "./read-run.js";
import type { HistoryShelf } from "./history-shelf.js";
import { readRunsHere, type RunReadPool } from "./read-pool.js";
import { MlflowTag } from "./system-tags.js";

/** Runs an experiment must have before its reading is shared with workers (which cost their start). */
const MIN_SHARED_RUNS = 1000;

/** Folders MLflow keeps at the store root that are not experiments. */
const NOT_EXPERIMENTS: ReadonlySet<string> = new Set(["models"]);

export interface ExperimentRead {
  /** What the experiment's folder says of it; absent when it is not a (readable, wanted) experiment. */
  readonly experiment?: { readonly name: string; readonly dir: string; readonly description?: string | undefined; readonly tags: Readonly<Record<string, string>> };
  /** Its runs; none when they went to `options.onRun` or the experiment is out of `options.experiments`. */
  readonly runs: readonly RunRecord[];
  readonly problems: readonly Problem[];
}

/**
 * @param path the folder relative to the root: `<id>`, or `.trash/<id>` for a deleted experiment.
 * @param options for a search: which experiments' runs to read, and where each run goes as it is read
 *   (then none is kept here).
 * @param reading where each run's metric histories are kept for a later reader (see history-shelf.ts), and
 *   the workers that share the reading of a big experiment (read-pool.ts), started when first needed.
 */
export async function readMlflowExperiment(
  source: StoreSource,
  path: string,
  includeDeleted: boolean,
  options?: ScanOptions,
  reading: { readonly shelf?: HistoryShelf | undefined; readonly pool?: () => RunReadPool } = {},
): Promise<ExperimentRead> {
  const folder = path.slice(path.lastIndexOf("/") + 1);
  const meta = await readMetaYaml(source, `${path}/meta.yaml`, experimentMeta);
  if (!meta.ok) {
    const silent = meta.missing && NOT_EXPERIMENTS.has(path);
    return { runs: [], problems: silent ? [] : [meta.problem] };
  }
  const { experimentId, name, deleted } = meta.value;
  if (experimentId !== folder) {
    const message = `experiment id inside is ${experimentId} but the folder is ${folder}; skipped`;
    return { runs: [], problems: [{ file: `${path}/meta.yaml`, code: "MISPLACED_EXPERIMENT", message }] };
  }
  if (deleted && !includeDeleted) return { runs: [], problems: [] };

  const problems: Problem[] = [];
  const allTags = await readValues(source, `${path}/tags`, problems);
  const description = allTags[MlflowTag.note];
  const tags = dictionary(Object.entries(allTags).filter(([key]) => key !== MlflowTag.note));
  const experiment = { name, dir: folder, description, tags };
  if (options?.experiments !== undefined && !options.experiments.has(name)) return { experiment, runs: [], problems };
  const runIds = await listDirs(source, path, (entry) => RUN_ID.test(entry));
  const onRun = options?.onRun;
  const place = { path, id: experimentId, name, deleted };
  const shared = onRun === undefined && reading.pool !== undefined && runIds.length >= MIN_SHARED_RUNS;
  const reads = shared ? await reading.pool!().read(place, runIds, reading.shelf) : await readRunsHere(source, place, runIds, reading.shelf, onRun);
  const runs: RunRecord[] = [];
  for (const read of reads) {
    problems.push(...read.problems);
    if (read.run) runs.push(read.run);
  }
  return { experiment, runs, problems };
}
