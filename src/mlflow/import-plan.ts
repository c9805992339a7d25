/**
 * What an MLflow run and experiment become in a runtree store, decided before anything is written: the
 * exact bytes of `experiment.json`, `run.json` and `metrics.jsonl`. Pure. A key runtree cannot store is a
 * problem and is left out; a record that would not validate is a problem and is not planned at all.
 */
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { dictionary } from "../format/dictionary.js";
import { experimentDir } from "../format/experiment-dir.js";
import { keyProblem, MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH } from "../format/keys.js";
import { encodeNumber } from "../format/metric-value.js";
import { summarizeKey } from "../model/metric-summary.js";
import { FORMAT, type ExperimentFile, type MetricSummaryFile, type RunFile } from "../format/records.js";
import { isExperimentFile, isMetricLine, isRunFile, lastSchemaProblem } from "../format/schema.js";
import { jsonLine, stableJson } from "../format/stable-json.js";
import type { MlflowPoint } from "./metric-file.js";

export interface PlannedExperiment {
  readonly dir: string;
  readonly name: string;
  /** Bytes of experiment.json. */
  readonly json: string;
}

export interface PlannedRun {
  readonly id: string;
  readonly experimentDir: string;
  readonly runJson: string;
  readonly metricsJsonl: string;
}

type Planned<T> = { readonly plan?: T; readonly problems: readonly Problem[] };

export function planExperiment(experiment: ExperimentRecord): Planned<PlannedExperiment> {
  const problems: Problem[] = [];
  const display = `${experiment.dir}/tags`;
  const tags = keptEntries(experiment.tags, MAX_TAG_VALUE_LENGTH, "tag", display, problems);
  const file: ExperimentFile = {
    format: FORMAT,
    name: experiment.name,
    ...(experiment.description !== undefined && { description: experiment.description }),
    ...(Object.keys(tags).length > 0 && { tags }),
  };
  if (!isExperimentFile(file)) {
    problems.push(schemaProblem(`${experiment.dir}/meta.yaml`, "experiment"));
    return { problems };
  }
  return { plan: { dir: experimentDir(experiment.name), name: experiment.name, json: stableJson(file) }, problems };
}

/** @param histories every metric's points, by key, in logged order (from `readAllMlflowMetricHistories`). */
export function planRun(run: RunRecord, histories: ReadonlyMap<string, readonly MlflowPoint[]>): Planned<PlannedRun> {
  const problems: Problem[] = [];
  const display = `${run.experimentDir}/${run.id}`;
  const params = keptEntries(run.params, MAX_PARAM_VALUE_LENGTH, "param", `${display}/params`, problems);
  const tags = keptEntries(run.tags, MAX_TAG_VALUE_LENGTH, "tag", `${display}/tags`, problems);

  // Grouped by key, sorted, each key in logged order: deterministic, and an export gives back MLflow's files.
  // One pass per key builds its summary and its lines (10,000 runs of a sweep are 400,000 lines).
  const metrics: Record<string, MetricSummaryFile> = dictionary();
  let lines = "";
  let badLine: Problem | undefined;
  for (const key of [...histories.keys()].sort()) {
    const problem = keyProblem(key);
    if (problem !== null) {
      problems.push(keyRejected(`${display}/metrics/${key}`, "metric", key, problem));
      continue;
    }
    const points = histories.get(key) ?? [];
    const s = summarizeKey(points);
    if (s !== undefined) {
      metrics[key] = { last: encodeNumber(s.last), step: s.step, timestamp: s.timestamp, min: encodeNumber(s.min), max: encodeNumber(s.max), count: s.count };
    }
    for (const { value, step, timestamp } of badLine === undefined ? points : []) {
      const line = { key, value: encodeNumber(value), step, timestamp };
      if (!isMetricLine(line)) {
        badLine = schemaProblem(`${display}/metrics/${key}`, "metric point");
        break;
      }
      lines += jsonLine(line);
    }
  }
  const file: RunFile = {
    format: FORMAT,
    id: run.id,
    experiment: run.experiment,
    name: run.name,
    parentId: run.parentId,
    status: run.status,
    startTime: run.startTime,
    endTime: run.endTime,
    params,
    tags,
    metrics,
    ...(run.description !== undefined && { description: run.description }),
    ...(run.source !== undefined && { source: run.source }),
    ...(run.deleted !== undefined && { deleted: run.deleted }),
  };
  if (!isRunFile(file)) {
    problems.push(schemaProblem(`${display}/meta.yaml`, "run"));
    return { problems };
  }
  if (badLine !== undefined) {
    problems.push(badLine);
    return { problems };
  }
  const metricsJsonl = jsonLine({ format: FORMAT, run: run.id }) + lines;
  const plan = { id: run.id, experimentDir: experimentDir(run.experiment), runJson: stableJson(file), metricsJsonl };
  return { plan, problems };
}

/** The entries whose key and value runtree can store; each other one is reported and left out. */
function keptEntries<V extends string | number | boolean>(
  entries: Readonly<Record<string, V>>,
  maxLength: number,
  kind: "param" | "tag",
  display: string,
  problems: Problem[],
): Record<string, V> {
  const kept: Record<string, V> = dictionary();
  for (const [key, value] of Object.entries(entries)) {
    const problem = keyProblem(key);
    if (problem !== null) {
      problems.push(keyRejected(`${display}/${key}`, kind, key, problem));
    } else if (typeof value === "string" && value.length > maxLength) {
      problems.push({
        file: `${display}/${key}`,
        code: "INVALID_VALUE",
        message: `${kind} value: expected at most ${maxLength} characters, found ${value.length}; ${kind} not imported`,
      });
    } else {
      kept[key] = value;
    }
  }
  return kept;
}

function keyRejected(file: string, kind: string, key: string, expected: string): Problem {
  return { file, code: "INVALID_KEY", message: `${kind} key ${JSON.stringify(key)}: expected ${expected}; ${kind} not imported` };
}

function schemaProblem(file: string, what: string): Problem {
  const { pointer, message } = lastSchemaProblem();
  return { file, code: "SCHEMA_VIOLATION", message: `the ${what} does not fit runtree's format (${pointer}: ${message}); not imported` };
}
