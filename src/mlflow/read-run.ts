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
  await eachText(source, listing.files, problems, (file, text) => {
    values[file.key] = text;
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
  const summaries = dictionary<MetricSummary>();
  await eachText(source, listing.files, problems, (file, text) => {
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

/**
 * Hands each file's text to `take`, in order; a file that cannot be read is a problem, in its place in the
 * order, and skipped. With a source that reads synchronously, each file is read just before it is taken.
 */
async function eachText<F extends { readonly path: string }>(
  source: StoreSource,
  files: readonly F[],
  problems: Problem[],
  take: (file: F, text: string) => void,
): Promise<void> {
  const unreadable = (path: string, error: unknown) => {
    problems.push({ file: path, code: "UNREADABLE", message: `cannot read the file (${readErrorCode(error)}); skipped` });
  };
  const { readNow } = source;
  if (readNow !== undefined) {
    for (const file of files) {
      let text: string;
      try {
        text = readNow(file.path);
      } catch (error) {
        unreadable(file.path, error);
        continue;
      }
      take(file, text);
    }
    return;
  }
  const reads = await Promise.all(files.map(({ path }) => source.read(path).then((text) => ({ text }), (error: unknown) => ({ error }))));
  reads.forEach((read, index) => {
    const file = files[index]!;
    if ("text" in read) take(file, read.text);
    else unreadable(file.path, read.error);
  });
}

function reportSkipped(skipped: readonly string[], display: string, problems: Problem[]): void {
  for (const key of skipped) {
    problems.push({ file: `${display}/${key}`, code: "NOT_A_FILE", message: "expected a regular file (a symbolic link is not followed); skipped" });
  }
}
