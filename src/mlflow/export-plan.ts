/**
 * The files MLflow's FileStore would hold for an experiment and for a run, decided before anything is
 * written. Pure. A key that cannot be a file path (or that a longer key needs as a folder: `a` beside
 * `a/b`; or whose name is longer than a file name may be: 250 characters of "é" are 500 bytes) is a
 * problem and is left out.
 */
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { dictionary, own } from "../format/dictionary.js";
import { keyProblem } from "../format/keys.js";
import { formatMetaYaml } from "./format-meta-yaml.js";
import { formatMetricLine, type MlflowPoint } from "./metric-file.js";
import { statusToMlflow } from "./status.js";
import { MlflowTag, tagsFromSource } from "./system-tags.js";

/** A file to write, by path segments relative to the experiment or run folder. */
export interface MlflowFile {
  readonly path: readonly string[];
  readonly content: string;
}

/** MLflow's SourceType.LOCAL, what MLflow writes for a script run on this machine. */
const SOURCE_TYPE_LOCAL = 4;

export function planMlflowExperiment(
  experiment: Pick<ExperimentRecord, "name" | "dir" | "description" | "tags">,
  where: { readonly id: string; readonly artifactLocation: string; readonly creationTime: number; readonly lastUpdateTime: number },
): { files: MlflowFile[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const meta = formatMetaYaml({
    artifact_location: where.artifactLocation,
    creation_time: where.creationTime,
    experiment_id: where.id,
    last_update_time: where.lastUpdateTime,
    lifecycle_stage: "active",
    name: experiment.name,
  });
  const tags = dictionary(Object.entries(experiment.tags));
  if (experiment.description !== undefined) tags[MlflowTag.note] = experiment.description;
  const files = [{ path: ["meta.yaml"], content: meta }, ...keyFiles("tags", tags, `${experiment.dir}/experiment tags`, problems)];
  return { files, problems };
}

export function planMlflowRun(
  run: RunRecord,
  where: { readonly experimentId: string; readonly artifactUri: string },
  histories: ReadonlyMap<string, readonly MlflowPoint[]>,
): { files: MlflowFile[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const display = `${run.experimentDir}/${run.id}`;
  // Later entries win: the run's own tags over the source's, the run's fields over same-named tags.
  const tags = dictionary([
    ...Object.entries(tagsFromSource(run.source)),
    ...Object.entries(run.tags),
    [MlflowTag.runName, run.name],
    ...(run.parentId !== null ? [[MlflowTag.parentRunId, run.parentId] as const] : []),
    ...(run.description !== undefined ? [[MlflowTag.note, run.description] as const] : []),
  ]);
  const meta = formatMetaYaml({
    artifact_uri: where.artifactUri,
    end_time: run.endTime,
    entry_point_name: "",
    experiment_id: where.experimentId,
    lifecycle_stage: run.deleted ? "deleted" : "active",
    ...(run.deleted && { deleted_time: run.deleted.time }),
    run_id: run.id,
    run_name: run.name,
    // MLflow 1.x reads the id from `run_uuid`; later versions ignore it.
    run_uuid: run.id,
    source_name: "",
    source_type: SOURCE_TYPE_LOCAL,
    source_version: "",
    start_time: run.startTime,
    // MLflow has no "abandoned": a run whose process died without ending it was, in effect, killed.
    status: statusToMlflow(run.abandoned ? "KILLED" : run.status),
    tags: [],
    user_id: run.source?.user ?? own(run.tags, MlflowTag.user) ?? "",
  });
  const params = dictionary(Object.entries(run.params).map(([key, value]) => [key, String(value)] as const));
  const metrics: Record<string, string> = dictionary();
  for (const key of new Set([...histories.keys(), ...Object.keys(run.metricSummaries)])) {
    metrics[key] = metricText(histories.get(key), own(run.metricSummaries, key));
  }
  const files = [
    { path: ["meta.yaml"], content: meta },
    ...keyFiles("params", params, `${display}/params`, problems),
    ...keyFiles("tags", tags, `${display}/tags`, problems),
    ...keyFiles("metrics", metrics, `${display}/metrics`, problems),
  ];
  return { files, problems };
}

/** The full history when there is one; else the summary's latest point, so the value is not lost. */
function metricText(history: readonly MlflowPoint[] | undefined, summary: RunRecord["metricSummaries"][string] | undefined): string {
  if (history !== undefined && history.length > 0) return history.map(formatMetricLine).join("");
  if (summary === undefined) return "";
  return formatMetricLine({ step: summary.step, value: summary.last, timestamp: summary.timestamp });
}

/** The longest file name of common file systems, in bytes. */
const MAX_FILE_NAME_BYTES = 255;

/** Why `key` cannot be a runtree key, or a file path on disk, or null. */
function keyFileProblem(key: string): string | null {
  const problem = keyProblem(key);
  if (problem !== null) return problem;
  const long = key.split("/").some((segment) => Buffer.byteLength(segment, "utf8") > MAX_FILE_NAME_BYTES);
  return long ? `'/'-separated parts of at most ${MAX_FILE_NAME_BYTES} bytes in UTF-8 (MLflow stores each key as a file)` : null;
}

function keyFiles(folder: string, values: Readonly<Record<string, string>>, display: string, problems: Problem[]): MlflowFile[] {
  const keys = Object.keys(values).sort();
  const kept = new Set<string>();
  const files: MlflowFile[] = [];
  for (const key of keys) {
    const problem = keyFileProblem(key);
    const segments = key.split("/");
    const clash = segments.map((_, index) => segments.slice(0, index).join("/")).find((prefix) => kept.has(prefix));
    if (problem !== null || clash !== undefined) {
      const expected = problem ?? `no key ${JSON.stringify(clash)} (a file where this key needs a folder)`;
      problems.push({ file: `${display}/${key}`, code: "INVALID_KEY", message: `key ${JSON.stringify(key)}: expected ${expected}; not exported` });
      continue;
    }
    kept.add(key);
    files.push({ path: [folder, ...segments], content: values[key]! });
  }
  return files;
}
