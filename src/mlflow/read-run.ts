/**
 * Reads one run folder of an MLflow store (`meta.yaml`, `params/`, `tags/`, `metrics/`) into the same
 * RunRecord the native reader gives. Every bad file becomes a Problem; only a run without a usable
 * `meta.yaml` is skipped as a whole.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { dictionary } from "../format/dictionary.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { summarize, type MetricPoint } from "../model/metric-summary.js";
import { RUN_ID } from "../format/run-id.js";
import { listKeyFiles } from "./key-files.js";
import { runMeta } from "./meta-records.js";
import { readMetaYaml } from "./read-meta-yaml.js";
import { parseMetricFile } from "./metric-file.js";
import { FIELD_TAGS, MlflowTag, sourceFromTags } from "./system-tags.js";

export interface RunLocation {
  readonly root: string;
  /** The experiment folder relative to the root: its id, or `.trash/<id>` for a deleted experiment. */
  readonly experimentPath: string;
  readonly experimentId: string;
  readonly experimentName: string;
  readonly runId: string;
}

export async function readMlflowRun(
  where: RunLocation,
  includeDeleted: boolean,
): Promise<{ run?: RunRecord; problems: Problem[] }> {
  const dir = join(where.root, where.experimentPath, where.runId);
  const display = `${where.experimentPath}/${where.runId}`;
  const problems: Problem[] = [];
  const meta = await readMetaYaml(join(dir, "meta.yaml"), `${display}/meta.yaml`, runMeta);
  if (!meta.ok) return { problems: [meta.problem] };
  const info = meta.value;
  if (info.runId !== where.runId || info.experimentId !== where.experimentId) {
    const message =
      info.runId !== where.runId
        ? `run id inside is ${info.runId} but the folder is ${where.runId}; skipped`
        : `run belongs to experiment ${info.experimentId} but sits in the folder of experiment ${where.experimentId}; skipped`;
    return { problems: [{ file: `${display}/meta.yaml`, code: "MISPLACED_RUN", message }] };
  }
  if (info.deleted && !includeDeleted) return { problems };

  const [params, allTags, points] = await Promise.all([
    readValues(join(dir, "params"), `${display}/params`, problems),
    readValues(join(dir, "tags"), `${display}/tags`, problems),
    readPoints(join(dir, "metrics"), `${display}/metrics`, problems),
  ]);
  const tags = dictionary(Object.entries(allTags).filter(([key]) => !FIELD_TAGS.has(key)));

  const parentId = allTags[MlflowTag.parentRunId];
  if (parentId !== undefined && !RUN_ID.test(parentId)) {
    problems.push({
      file: `${display}/tags/${MlflowTag.parentRunId}`,
      code: "INVALID_VALUE",
      message: `expected a run id of 32 lowercase hex digits, found ${JSON.stringify(parentId.slice(0, 40))}; parent ignored`,
    });
  }
  const metricSummaries = summarize(points);
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
    dir,
    experimentDir: where.experimentId,
  };
  return { run, problems };
}

/** Params and tags: one file per key holding the raw value (no trailing newline), kept as a string. */
export async function readValues(dir: string, display: string, problems: Problem[]): Promise<Record<string, string>> {
  const listing = await listKeyFiles(dir);
  reportSkipped(listing.skipped, display, problems);
  const values: Record<string, string> = dictionary();
  const read = await Promise.all(listing.files.map((file) => readText(file.path, `${display}/${file.key}`, problems)));
  listing.files.forEach((file, index) => {
    const value = read[index];
    if (value !== undefined) values[file.key] = value;
  });
  return values;
}

async function readPoints(dir: string, display: string, problems: Problem[]): Promise<MetricPoint[]> {
  const listing = await listKeyFiles(dir);
  reportSkipped(listing.skipped, display, problems);
  const texts = await Promise.all(listing.files.map((file) => readText(file.path, `${display}/${file.key}`, problems)));
  const points: MetricPoint[] = [];
  listing.files.forEach((file, index) => {
    const text = texts[index];
    if (text === undefined) return;
    const parsed = parseMetricFile(text);
    for (const bad of parsed.bad) {
      problems.push({ file: `${display}/${file.key}:${bad.line}`, code: "CORRUPT_FILE", message: bad.message });
    }
    for (const point of parsed.points) points.push({ key: file.key, ...point });
  });
  return points;
}

async function readText(path: string, display: string, problems: Problem[]): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    problems.push({ file: display, code: "UNREADABLE", message: `cannot read the file (${code}); skipped` });
    return undefined;
  }
}

function reportSkipped(skipped: readonly string[], display: string, problems: Problem[]): void {
  for (const key of skipped) {
    problems.push({ file: `${display}/${key}`, code: "NOT_A_FILE", message: "expected a regular file (a symbolic link is not followed); skipped" });
  }
}
