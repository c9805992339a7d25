import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { ChildFile, ExperimentFile, MetricLine, MetricsHeaderLine, RunFile } from "./records.js";

/** `schemas/` sits beside `src/` and `dist/`, two levels above this file in both. */
const SCHEMA_DIR = new URL("../../schemas/", import.meta.url);

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), "utf8")) as Record<string, unknown>;
}

export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null | undefined;
}

interface Compiled {
  experiment: ValidateFunction;
  run: ValidateFunction;
  child: ValidateFunction;
  metricHeader: ValidateFunction;
  metricPoint: ValidateFunction;
}
let compiled: Compiled | undefined;

/** One compiled validator per file kind, built once, on first use. */
function validators() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true });
  ajv.addSchema(load("common.schema.json"));
  ajv.addSchema(load("metric-line.schema.json"));
  compiled = {
    experiment: ajv.compile(load("experiment.schema.json")),
    run: ajv.compile(load("run.schema.json")),
    child: ajv.compile(load("child.schema.json")),
    metricHeader: part(ajv, "metric-line.schema.json#/$defs/header"),
    metricPoint: part(ajv, "metric-line.schema.json#/$defs/point"),
  };
  return compiled;
}

export const isExperimentFile = ((data: unknown) => check(validators().experiment, data)) as (
  data: unknown,
) => data is ExperimentFile;
export const isRunFile = ((data: unknown) => check(validators().run, data)) as (data: unknown) => data is RunFile;
export const isChildFile = ((data: unknown) => check(validators().child, data)) as (data: unknown) => data is ChildFile;
export const isMetricHeader = ((data: unknown) => check(validators().metricHeader, data)) as (
  data: unknown,
) => data is MetricsHeaderLine;
export const isMetricLine = ((data: unknown) => check(validators().metricPoint, data)) as (
  data: unknown,
) => data is MetricLine;

function part(ajv: Ajv2020, ref: string): ValidateFunction {
  const validate = ajv.getSchema(`https://runtree.dev/schemas/${ref}`);
  if (!validate) throw new Error(`schema ${ref} is missing`);
  return validate;
}

let lastErrors: ErrorObject[] = [];
function check(validate: ValidateFunction, data: unknown): boolean {
  const ok = validate(data) as boolean;
  lastErrors = ok ? [] : [...(validate.errors ?? [])];
  return ok;
}

/**
 * The first problem of the last failed validation, as "<json pointer>: <what was expected>", e.g.
 * `/metrics/loss/step: must be integer`.
 */
export function lastSchemaProblem(): { pointer: string; message: string } {
  const error = lastErrors[0];
  if (!error) return { pointer: "", message: "does not match the schema" };
  let message = error.message ?? "does not match the schema";
  if (error.keyword === "additionalProperties") {
    message = `unexpected field ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}`;
  } else if (error.keyword === "enum") {
    message = `must be one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`;
  }
  return { pointer: error.instancePath || "/", message };
}
