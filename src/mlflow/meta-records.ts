/**
 * The fields of MLflow's experiment and run `meta.yaml` that runtree uses, checked and typed. A file that
 * lacks one, or holds the wrong kind of value, yields a message saying what was expected instead.
 */
import { RunStatus } from "../format/records.js";
import type { YamlValue } from "./meta-yaml.js";
import { statusFromMlflow } from "./status.js";

export interface ExperimentMeta {
  readonly experimentId: string;
  readonly name: string;
  readonly deleted: boolean;
}

export interface RunMeta {
  readonly runId: string;
  readonly experimentId: string;
  /** Empty when the file has none (early MLflow wrote none; the tag `mlflow.runName` may hold it). */
  readonly runName: string;
  readonly status: RunStatus;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly deleted: boolean;
  /** When it was deleted (`deleted_time`, written by MLflow 2+), or null. */
  readonly deletedTime: number | null;
  readonly userId: string | undefined;
}

type Fields = ReadonlyMap<string, YamlValue>;
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function experimentMeta(fields: Fields): Checked<ExperimentMeta> {
  try {
    return {
      ok: true,
      value: {
        // Early MLflow stored the id as an integer, later versions as a quoted string: both read as text.
        experimentId: requiredText(fields, "experiment_id"),
        name: requiredText(fields, "name"),
        deleted: optionalText(fields, "lifecycle_stage") === "deleted",
      },
    };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export function runMeta(fields: Fields): Checked<RunMeta> {
  try {
    // MLflow itself reads a missing status as RUNNING.
    const status = fields.has("status") ? statusFromMlflow(integer(fields, "status")) : RunStatus.Running;
    if (status === undefined) throw new Error(`field "status": expected an integer from 1 to 5, found ${show(fields.get("status"))}`);
    return {
      ok: true,
      value: {
        runId: optionalText(fields, "run_id") ?? requiredText(fields, "run_uuid"),
        experimentId: requiredText(fields, "experiment_id"),
        runName: optionalText(fields, "run_name") ?? "",
        status,
        startTime: integer(fields, "start_time"),
        endTime: (fields.get("end_time") ?? null) === null ? null : integer(fields, "end_time"),
        deleted: optionalText(fields, "lifecycle_stage") === "deleted",
        deletedTime: (fields.get("deleted_time") ?? null) === null ? null : integer(fields, "deleted_time"),
        userId: optionalText(fields, "user_id"),
      },
    };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function optionalText(fields: Fields, key: string): string | undefined {
  const value = fields.get(key);
  if (value === undefined || value === null) return undefined;
  if (value === "nested") throw new Error(`field "${key}": expected a single value, found a nested block`);
  return value.text;
}

function requiredText(fields: Fields, key: string): string {
  const text = optionalText(fields, key);
  if (text === undefined || text === "") throw new Error(`field "${key}": expected a value, found ${show(fields.get(key))}`);
  return text;
}

/** A non-negative integer, written plain (a quoted '3' is a string to YAML, and to MLflow). */
function integer(fields: Fields, key: string): number {
  const value = fields.get(key);
  if (value !== null && value !== undefined && value !== "nested" && !value.quoted && /^\+?\d+$/.test(value.text)) {
    const number = Number(value.text);
    if (Number.isSafeInteger(number)) return number;
  }
  throw new Error(`field "${key}": expected a non-negative integer, found ${show(value)}`);
}

function show(value: YamlValue | undefined): string {
  if (value === undefined) return "no such field";
  if (value === null) return "null";
  if (value === "nested") return "a nested block";
  return JSON.stringify(value.text.length > 40 ? `${value.text.slice(0, 37)}...` : value.text);
}
