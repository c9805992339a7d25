/**
 * Hand-written checks of run.json, experiment.json and metric lines that say yes only where the JSON Schemas in
 * `schemas/` say yes. Reading a big store validates every run.json, and ajv spent much of the time a search
 * takes on it (100,000 runs: ~0.8 s against a ~3 s floor of reading and parsing), most of it matching every
 * param, tag and metric key against the key pattern again for each run; here a key that passed once is
 * remembered. And a search that meets only good files never loads or compiles ajv at all.
 *
 * They are never looser than the schemas, only stricter where being exact would cost: a string longer than a
 * limit in UTF-16 code units may still fit in code points (ajv counts those), so it is left to ajv. Whatever
 * these checks refuse goes to ajv, which decides and words the problem (`format/schema.ts`). The two are
 * compared on valid and on many invalid records in test/quick-check.test.ts.
 */
import { MAX_KEY_LENGTH, MAX_NAME_LENGTH, MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH } from "./keys.js";

type Json = Record<string, unknown>;

const RUN_ID = /^[0-9a-f]{32}$/;
const COMMIT = /^[0-9a-f]{7,64}$/;
const STATUSES: ReadonlySet<unknown> = new Set(["RUNNING", "FINISHED", "FAILED", "KILLED"]);
const ENCODED: ReadonlySet<unknown> = new Set(["NaN", "Infinity", "-Infinity"]);
const SUMMARY_FIELDS = 6;
const KEYS_REMEMBERED = 10_000;

/**
 * The fields each object of the two files may have, as these checks know them. A test holds them equal to
 * the schemas' properties: a field added to a schema must be added here too, or every file that has it would
 * go the slow way through ajv.
 */
export const KNOWN_FIELDS = {
  run: ["format", "id", "experiment", "name", "parentId", "status", "startTime", "endTime", "params", "tags", "metrics", "description", "objective", "bestChild", "source", "owner", "deleted"],
  metricSummary: ["last", "step", "timestamp", "min", "max", "count"],
  objective: ["metric", "goal"],
  bestChild: ["id", "name", "metric", "goal", "value", "params"],
  source: ["script", "cwd", "git", "host", "user", "node", "platform"],
  git: ["commit", "branch", "dirty", "remote"],
  owner: ["host", "pid", "processStart"],
  deleted: ["time", "ancestor"],
  experiment: ["format", "name", "description", "tags"],
  metricPoint: ["key", "value", "step", "timestamp"],
} as const;

export interface QuickChecks {
  readonly run: (data: unknown) => boolean;
  readonly experiment: (data: unknown) => boolean;
  /** A point line of metrics.jsonl (a history holds thousands, with a handful of keys). */
  readonly metricPoint: (data: unknown) => boolean;
}

/**
 * The checks, given the schema's own key pattern (`common.schema.json#/$defs/key`, compiled as ajv compiles
 * it, with the `u` flag), so that the two can never disagree on which keys are valid.
 */
export function quickChecks(keyPattern: RegExp): QuickChecks {
  const goodKeys = new Set<string>();
  const isKey = (key: unknown): boolean => {
    if (typeof key !== "string") return false;
    if (goodKeys.has(key)) return true;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH || !keyPattern.test(key)) return false;
    if (goodKeys.size >= KEYS_REMEMBERED) goodKeys.clear();
    goodKeys.add(key);
    return true;
  };
  const isParams = (value: unknown): boolean => {
    if (!isObject(value)) return false;
    for (const key in value) if (!isKey(key) || !isParamValue(value[key])) return false;
    return true;
  };
  const isTags = (value: unknown): boolean => {
    if (!isObject(value)) return false;
    for (const key in value) if (!isKey(key) || !isString(value[key], MAX_TAG_VALUE_LENGTH)) return false;
    return true;
  };
  const isMetrics = (value: unknown): boolean => {
    if (!isObject(value)) return false;
    for (const key in value) if (!isKey(key) || !isSummary(value[key])) return false;
    return true;
  };
  const isObjective = (value: unknown): boolean =>
    isObject(value) && hasOnly(value, ["metric", "goal"]) && isKey(value["metric"]) && isGoal(value["goal"]);
  const isBestChild = (value: unknown): boolean =>
    isObject(value) &&
    hasOnly(value, ["id", "name", "metric", "goal", "value", "params"]) &&
    isRunId(value["id"]) &&
    typeof value["name"] === "string" &&
    isKey(value["metric"]) &&
    isGoal(value["goal"]) &&
    isNumber(value["value"]) &&
    isParams(value["params"]);

  const experiment = (data: unknown): boolean => {
    if (!isObject(data) || data["format"] !== 1) return false;
    const name = data["name"];
    if (!isString(name, MAX_NAME_LENGTH) || name === "") return false;
    for (const key in data) {
      if (key === "format" || key === "name") continue;
      if (key === "description" ? typeof data[key] !== "string" : key !== "tags" || !isTags(data[key])) return false;
    }
    return true;
  };

  const metricPoint = (data: unknown): boolean => {
    if (!isObject(data)) return false;
    let count = 0;
    for (const key in data) {
      const value = data[key];
      if (key === "key" ? !isKey(value) : key === "value" ? !isNumber(value) : key === "step" ? !Number.isInteger(value) : key !== "timestamp" || !isTimestamp(value)) {
        return false;
      }
      count++;
    }
    return count === 4;
  };

  const run = (data: unknown): boolean => {
    if (!isObject(data)) return false;
    let required = 0;
    for (const key in data) {
      const value = data[key];
      switch (key) {
        case "format":
          if (value !== 1) return false;
          break;
        case "id":
          if (!isRunId(value)) return false;
          break;
        case "experiment":
          if (!isString(value, MAX_NAME_LENGTH) || value === "") return false;
          break;
        case "name":
          if (!isString(value, MAX_NAME_LENGTH)) return false;
          break;
        case "parentId":
          if (value !== null && !isRunId(value)) return false;
          break;
        case "status":
          if (!STATUSES.has(value)) return false;
          break;
        case "startTime":
          if (!isTimestamp(value)) return false;
          break;
        case "endTime":
          if (value !== null && !isTimestamp(value)) return false;
          break;
        case "params":
          if (!isParams(value)) return false;
          break;
        case "tags":
          if (!isTags(value)) return false;
          break;
        case "metrics":
          if (!isMetrics(value)) return false;
          break;
        case "description":
          if (typeof value !== "string") return false;
          continue;
        case "objective":
          if (!isObjective(value)) return false;
          continue;
        case "bestChild":
          if (!isBestChild(value)) return false;
          continue;
        case "source":
          if (!isSource(value)) return false;
          continue;
        case "owner":
          if (!isOwner(value)) return false;
          continue;
        case "deleted":
          if (!isDeleted(value)) return false;
          continue;
        default:
          return false;
      }
      required++;
    }
    // Every key was one of the eleven required ones or an optional one, each at most once: all are there.
    return required === 11;
  };
  return { run, experiment, metricPoint };
}

/** `{ time, ancestor? }`: when a run was deleted, and the ancestor whose deletion took it along. */
function isDeleted(value: unknown): boolean {
  if (!isObject(value) || !isTimestamp(value["time"])) return false;
  for (const key in value) if (key !== "time" && (key !== "ancestor" || !isRunId(value[key]))) return false;
  return true;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every key of `value` is one of `allowed`, and every one of `allowed` is there. */
function hasOnly(value: Json, allowed: readonly string[]): boolean {
  let count = 0;
  for (const key in value) {
    if (!allowed.includes(key)) return false;
    count++;
  }
  return count === allowed.length;
}

function isString(value: unknown, maxLength: number): value is string {
  return typeof value === "string" && value.length <= maxLength;
}

function isRunId(value: unknown): boolean {
  return typeof value === "string" && RUN_ID.test(value);
}

function isTimestamp(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}

/** ajv is strict about numbers: a JSON number too big for a double (parsed as Infinity) is not one. */
function isNumber(value: unknown): boolean {
  return (typeof value === "number" && Number.isFinite(value)) || ENCODED.has(value);
}

function isParamValue(value: unknown): boolean {
  return isString(value, MAX_PARAM_VALUE_LENGTH) || (typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean";
}

function isGoal(value: unknown): boolean {
  return value === "min" || value === "max";
}

function isSummary(value: unknown): boolean {
  if (!isObject(value)) return false;
  let count = 0;
  for (const key in value) {
    const field = value[key];
    switch (key) {
      case "last":
      case "min":
      case "max":
        if (!isNumber(field)) return false;
        break;
      case "step":
        if (!Number.isInteger(field)) return false;
        break;
      case "timestamp":
        if (!isTimestamp(field)) return false;
        break;
      case "count":
        if (!Number.isInteger(field) || (field as number) < 1) return false;
        break;
      default:
        return false;
    }
    count++;
  }
  return count === SUMMARY_FIELDS;
}

const SOURCE_STRINGS: ReadonlySet<string> = new Set(["script", "cwd", "host", "user", "node", "platform"]);

function isSource(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value) {
    const field = value[key];
    if (SOURCE_STRINGS.has(key)) {
      if (typeof field !== "string") return false;
    } else if (key !== "git" || !isGit(field)) {
      return false;
    }
  }
  return true;
}

function isGit(value: unknown): boolean {
  if (!isObject(value) || typeof value["commit"] !== "string" || !COMMIT.test(value["commit"]) || typeof value["dirty"] !== "boolean") return false;
  for (const key in value) {
    if (key === "commit" || key === "dirty") continue;
    if ((key !== "branch" && key !== "remote") || typeof value[key] !== "string") return false;
  }
  return true;
}

function isOwner(value: unknown): boolean {
  if (!isObject(value) || typeof value["host"] !== "string" || !Number.isInteger(value["pid"]) || (value["pid"] as number) < 1) return false;
  for (const key in value) {
    if (key === "host" || key === "pid") continue;
    if (key !== "processStart" || typeof value[key] !== "string") return false;
  }
  return true;
}
