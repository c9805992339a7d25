/**
 * Reads one run folder of an MLflow store (`meta.yaml`, `params/`, `tags/`, `metrics/`) into the same
 * RunRecord the native reader gives. Every bad file becomes a Problem; only a run without a usable
 * `meta.yaml` is skipped as a whole.
 */
import { dictionary } from "../format/dictionary.js";
import type { Problem } from "../model/problem.js";
import type { MetricSummary, RunRecord } from "../model/run-record.js";
import { summarizeKey } from "../model/metric-summary.js";
import { RUN_ID } from "../format/run-id.js";
import { readErrorCode, type StoreSource } from "../source/store-source.js";
import { listKeyFiles } from "./key-files.js";
import { runMeta } from "./meta-records.js";
import { readMetaYaml } from "./read-meta-yaml.js";
import { parseMetricFile } from "./metric-file.js";
import type { Histories, HistoryShelf } from "./history-shelf.js";
import { FIELD_TAGS, MlflowTag, sourceFromTags } from "./system-tags.js";

export interface RunLocation {
  readonly source: StoreSource;
  /** The experiment folder relative to the root: its id, or `.trash/<id>` for a deleted experiment. */
  readonly experimentPath: string;
  readonly experimentId: string;
  readonly experimentName: string;
  readonly runId: string;
}

/**
 * A deleted run (`lifecycle_stage: deleted`, or any run of a deleted experiment) is read like any other and
 * marked `deleted`, as runtree's own deleted runs are: searches and the report leave it out by default.
 * @param experimentDeleted the experiment sits in `.trash/`.
 * @param shelf where the metric histories parsed for the summaries are kept for a later reader.
 */
export async function readMlflowRun(
  where: RunLocation,
  experimentDeleted: boolean,
  shelf?: HistoryShelf,
): Promise<{ run?: RunRecord; problems: Problem[] }> {
  const files = where.source;
  const display = `${where.experimentPath}/${where.runId}`;
  const dir = files.locate(display);
  const problems: Problem[] = [];
  const meta = await readMetaYaml(files, `${display}/meta.yaml`, runMeta);
  if (!meta.ok) return { problems: [meta.problem] };
  const info = meta.value;
  if (info.runId !== where.runId || info.experimentId !== where.experimentId) {
    const message =
      info.runId !== where.runId
        ? `run id inside is ${info.runId} but the folder is ${where.runId}; skipped`
        : `run belongs to experiment ${info.experimentId} but sits in the folder of experiment ${where.experimentId}; skipped`;
    return { problems: [{ file: `${display}/meta.yaml`, code: "MISPLACED_RUN", message }] };
  }
  const histories: Histories | undefined = shelf && new Map();
  const [params, allTags, metricSummaries] = await Promise.all([
    readValues(files, `${display}/params`, problems),
    readValues(files, `${display}/tags`, problems),
    readSummaries(files, `${display}/metrics`, problems, histories),
  ]);
  if (histories) shelf?.put(dir, histories);
  const tags = dictionary(Object.entries(allTags).filter(([key]) => !FIELD_TAGS.has(key)));

  const parentId = allTags[MlflowTag.parentRunId];
  if (parentId !== undefined && !RUN_ID.test(parentId)) {
    problems.push({
      file: `${display}/tags/${MlflowTag.parentRunId}`,
      code: "INVALID_VALUE",
      message: `expected a run id of 32 lowercase hex digits, found ${JSON.stringify(parentId.slice(0, 40))}; parent ignored`,
    });
  }
  const metrics = dictionary(Object.entries(metricSummaries).map(([key, summary]) => [key, summary.last] as const));
  const description = allTags[MlflowTag.note];
  const source = sourceFromTags(allTags, info.userId);
  const run: RunRecord = {
    id: info.runId,
    name: info.runName !== "" ? info.runName : (allTags[MlflowTag.runName] ?? ""),
    experiment: where.experimentName,
    parentId: parentId !== undefined && RUN_ID.test(parentId) ? parentId : null,
    status: info.status,
    startTime: info.startTime,
    endTime: info.endTime,
    params,
    metrics,
    tags,
    // MLflow records no owner process, so a RUNNING run cannot be told from an abandoned one.
    abandoned: false,
    metricSummaries,
    ...(description !== undefined && { description }),
    ...(source !== undefined && { source }),
    // MLflow before 2.0 recorded no deletion time: the run's end (or start) is the latest time it can have.
    ...((info.deleted || experimentDeleted) && { deleted: { time: info.deletedTime ?? info.endTime ?? info.startTime } }),
    dir,
    experimentDir: where.experimentId,
  };
  return { run, problems };
}

/** Params and tags: one file per key holding the raw value (no trailing newline), kept as a string. */
export async function readValues(source: StoreSource, display: string, problems: Problem[]): Promise<Record<string, string>> {
  const listing = await listKeyFiles(source, display);
  reportSkipped(listing.skipped, display, problems);
  const values: Record<string, string> = dictionary();
  const read = await readTexts(source, listing.files, problems);
  listing.files.forEach((file, index) => {
    const value = read[index];
    if (value !== undefined) values[file.key] = value;
  });
  return values;
}

/**
 * Each metric file's summary, by key; with `histories`, each key's points go there too (what
 * `readAllMlflowMetricHistories` would read again).
 */
async function readSummaries(source: StoreSource, display: string, problems: Problem[], histories?: Histories): Promise<Record<string, MetricSummary>> {
  const listing = await listKeyFiles(source, display);
  reportSkipped(listing.skipped, display, problems);
  const texts = await readTexts(source, listing.files, problems);
  const summaries = dictionary<MetricSummary>();
  listing.files.forEach((file, index) => {
    const text = texts[index];
    if (text === undefined) return;
    const parsed = parseMetricFile(text);
    for (const bad of parsed.bad) {
      problems.push({ file: `${display}/${file.key}:${bad.line}`, code: "CORRUPT_FILE", message: bad.message });
    }
    const summary = summarizeKey(parsed.points);
    if (summary !== undefined) summaries[file.key] = summary;
    if (parsed.points.length > 0) histories?.set(file.key, parsed.points);
  });
  return summaries;
}

/** The text of each file, in order; undefined for one that cannot be read, which is a problem. */
async function readTexts(source: StoreSource, files: ReadonlyArray<{ readonly path: string }>, problems: Problem[]): Promise<Array<string | undefined>> {
  const unreadable = (path: string, error: unknown) => {
    problems.push({ file: path, code: "UNREADABLE", message: `cannot read the file (${readErrorCode(error)}); skipped` });
    return undefined;
  };
  const { readNow } = source;
  if (readNow !== undefined) {
    return files.map(({ path }) => {
      try {
        return readNow(path);
      } catch (error) {
        return unreadable(path, error);
      }
    });
  }
  return Promise.all(files.map(({ path }) => source.read(path).catch((error: unknown) => unreadable(path, error))));
}

function reportSkipped(skipped: readonly string[], display: string, problems: Problem[]): void {
  for (const key of skipped) {
    problems.push({ file: `${display}/${key}`, code: "NOT_A_FILE", message: "expected a regular file (a symbolic link is not followed); skipped" });
  }
}
