import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type { ChildFile, ExperimentFile, MetricLine, MetricsHeaderLine, RunFile } from "./records.js";
import { quickChecks, type QuickChecks } from "./quick-check.js";

/** `schemas/` sits beside `src/` and `dist/`, two levels above this file in both. */
const SCHEMA_DIR = new URL("../../schemas/", import.meta.url);

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), "utf8")) as Record<string, unknown>;
}

export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null | undefined;
}

let ajv: Ajv2020 | undefined;
let common: Record<string, unknown> | undefined;

/** The shared definitions, loaded once (the fast check takes its key pattern from them). */
function commonSchema(): Record<string, unknown> {
  return (common ??= load("common.schema.json"));
}

/**
 * One Ajv instance holding the shared schemas; each validator is compiled on its first use only. Ajv itself
 * is loaded then (it is CommonJS, so `require` loads it synchronously): a process that reads only good
 * run.json and experiment.json files never loads it.
 */
function instance(): Ajv2020 {
  if (ajv) return ajv;
  const { Ajv2020: Ajv } = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
  ajv.addSchema(commonSchema());
  ajv.addSchema(load("metric-line.schema.json"));
  return ajv;
}

/**
 * A validator built on first use: a search that meets only good run.json files never compiles the run
 * schema at all (compiling every schema took longer than checking 10,000 files).
 */
function lazy(build: () => ValidateFunction): () => ValidateFunction {
  let built: ValidateFunction | undefined;
  return () => (built ??= build());
}

const validators = {
  experiment: lazy(() => instance().compile(load("experiment.schema.json"))),
  run: lazy(() => instance().compile(load("run.schema.json"))),
  child: lazy(() => instance().compile(load("child.schema.json"))),
  metricHeader: lazy(() => part(instance(), "metric-line.schema.json#/$defs/header")),
  metricPoint: lazy(() => part(instance(), "metric-line.schema.json#/$defs/point")),
};

let quick: QuickChecks | undefined;
/** The fast checks: yes only where the schemas say yes (see quick-check.ts). */
function fast(): QuickChecks {
  return (quick ??= quickChecks(keyPattern(commonSchema())));
}

/** The fast check first; ajv only for a record it does not accept, to decide and to word the problem. */
export const isExperimentFile = ((data: unknown) => passes(fast().experiment, data) || check(validators.experiment(), data)) as (
  data: unknown,
) => data is ExperimentFile;
export const isRunFile = ((data: unknown) => passes(fast().run, data) || check(validators.run(), data)) as (
  data: unknown,
) => data is RunFile;

/** What ajv alone and the fast check alone say of a record (for the test that compares them). */
export const schemaAccepts = (kind: "run" | "experiment" | "metricPoint", data: unknown): boolean => validators[kind]()(data) as boolean;
export const quickAccepts = (kind: "run" | "experiment" | "metricPoint", data: unknown): boolean => fast()[kind](data);
export const isChildFile = ((data: unknown) => check(validators.child(), data)) as (data: unknown) => data is ChildFile;
export const isMetricHeader = ((data: unknown) => check(validators.metricHeader(), data)) as (
  data: unknown,
) => data is MetricsHeaderLine;
export const isMetricLine = ((data: unknown) => passes(fast().metricPoint, data) || check(validators.metricPoint(), data)) as (
  data: unknown,
) => data is MetricLine;

function part(ajv: Ajv2020, ref: string): ValidateFunction {
  const validate = ajv.getSchema(`https://runtree.dev/schemas/${ref}`);
  if (!validate) throw new Error(`schema ${ref} is missing`);
  return validate;
}

/** The key pattern of `common.schema.json`, compiled as ajv compiles patterns (unicode). */
function keyPattern(common: Record<string, unknown>): RegExp {
  const pattern = (common as { $defs?: { key?: { pattern?: unknown } } }).$defs?.key?.pattern;
  if (typeof pattern !== "string") throw new Error("common.schema.json has no key pattern");
  return new RegExp(pattern, "u");
}

let lastErrors: ErrorObject[] = [];
function passes(accepts: (data: unknown) => boolean, data: unknown): boolean {
  if (!accepts(data)) return false;
  lastErrors = [];
  return true;
}

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
