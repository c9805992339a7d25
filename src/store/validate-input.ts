/**
 * Checks of user input before anything is written: a rejected call writes nothing. Every error names the
 * run, the key and what was expected.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import { checkKey, describe, MAX_NAME_LENGTH, MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH } from "../format/keys.js";
import type { ParamValue } from "../format/records.js";

export function checkParamValue(run: string, key: string, value: unknown): ParamValue {
  checkKey("param", key, run);
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    if (value.length > MAX_PARAM_VALUE_LENGTH) {
      throw invalid(run, key, `a string of at most ${MAX_PARAM_VALUE_LENGTH} characters (got ${value.length})`);
    }
    return value;
  }
  throw invalid(run, key, `a string, a finite number or a boolean, not ${describe(value)}`);
}

export function checkTagValue(run: string, key: string, value: unknown): string {
  checkKey("tag", key, run);
  if (typeof value !== "string") throw invalid(run, key, `a string, not ${describe(value)}`);
  if (value.length > MAX_TAG_VALUE_LENGTH) {
    throw invalid(run, key, `a string of at most ${MAX_TAG_VALUE_LENGTH} characters (got ${value.length})`);
  }
  return value;
}

export function checkMetricValue(run: string, key: string, value: unknown): number {
  checkKey("metric", key, run);
  if (typeof value !== "number") throw invalid(run, key, `a number (NaN and ±Infinity allowed), not ${describe(value)}`);
  return value;
}

export function checkStep(run: string, key: string, step: unknown): number {
  if (typeof step === "number" && Number.isSafeInteger(step)) return step;
  throw new RuntreeError(ErrorCode.InvalidStep, `Run ${run}: metric ${JSON.stringify(key)}: step must be an integer, got ${describe(step)}.`, {
    run,
    key,
    expected: "an integer step",
    found: describe(step),
  });
}

export function checkTimestamp(run: string, key: string, timestamp: unknown): number {
  if (typeof timestamp === "number" && Number.isSafeInteger(timestamp) && timestamp >= 0) return timestamp;
  throw new RuntreeError(
    ErrorCode.InvalidTimestamp,
    `Run ${run}: metric ${JSON.stringify(key)}: timestamp must be integer milliseconds since the epoch, got ${describe(timestamp)}.`,
    { run, key, expected: "integer milliseconds since the epoch", found: describe(timestamp) },
  );
}

/** A run name: a string of at most 250 characters (MLflow's limit), non-empty when `required`. */
export function checkRunName(run: string, name: unknown, required: boolean): string {
  if (typeof name === "string" && name.length <= MAX_NAME_LENGTH && (!required || name !== "")) return name;
  const expected = `a ${required ? "non-empty " : ""}string of at most ${MAX_NAME_LENGTH} characters`;
  throw new RuntreeError(ErrorCode.InvalidName, `Run ${run}: name must be ${expected}, got ${describe(name)}.`, {
    run,
    expected,
    found: describe(name),
  });
}

/** Plain objects only: a Map or an array passed by mistake would otherwise log nothing, silently. */
export function checkRecord(run: string, what: string, value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return value as Record<string, unknown>;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === null) return value as Record<string, unknown>;
  throw new RuntreeError(ErrorCode.InvalidArgument, `Run ${run}: ${what} must be a plain object of key → value, not ${describe(value)}.`, {
    run,
    expected: "a plain object",
    found: describe(value),
  });
}

function invalid(run: string, key: string, expected: string): RuntreeError {
  return new RuntreeError(ErrorCode.InvalidValue, `Run ${run}: invalid value for ${JSON.stringify(key)}: expected ${expected}.`, {
    run,
    key,
    expected,
  });
}
