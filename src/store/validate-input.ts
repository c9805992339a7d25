/**
 * Checks of user input before anything is written: a rejected call writes nothing. Every error names the
 * run, the key and what was expected.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import { checkKey, describe, MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH } from "../format/keys.js";
import type { EndStatus, ParamValue } from "../format/records.js";

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

/**
 * The params of `incoming` that `existing` lacks, checked. Params are immutable: the same value again is
 * left out (a no-op), a different one is PARAM_CHANGED, naming the run, the key, the old and the new value.
 */
export function newParams(run: string, existing: Readonly<Record<string, ParamValue>>, incoming: unknown): Array<[string, ParamValue]> {
  return Object.entries(checkRecord(run, "params", incoming)).flatMap(([key, value]): Array<[string, ParamValue]> => {
    const checked = checkParamValue(run, key, value);
    if (!Object.hasOwn(existing, key)) return [[key, checked]];
    const old = existing[key];
    if (old === checked) return [];
    throw new RuntreeError(
      ErrorCode.ParamChanged,
      `Run ${run}: param ${JSON.stringify(key)} is already ${JSON.stringify(old)}; params are immutable, cannot change it to ${JSON.stringify(checked)}.`,
      { run, key, expected: JSON.stringify(old), found: JSON.stringify(checked) },
    );
  });
}

export function checkEndStatus(run: string, status: unknown): EndStatus {
  if (status === "FINISHED" || status === "FAILED" || status === "KILLED") return status;
  throw new RuntreeError(ErrorCode.InvalidArgument, `Run ${run}: end status must be FINISHED, FAILED or KILLED, not ${JSON.stringify(status)}.`, {
    run,
    expected: "FINISHED | FAILED | KILLED",
    found: String(status),
  });
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
