import { RuntreeError, ErrorCode } from "../errors.js";

/** MLflow's limits, so that stores move both ways. */
export const MAX_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;
export const MAX_NAME_LENGTH = 250;
/** A run's note (its description, Markdown): ours, as a bound on what a report page must render. */
export const MAX_NOTE_LENGTH = 100_000;

const KEY_CHARS = /^[\p{L}\p{N}_\-.:/ ]+$/u;

export type KeyKind = "param" | "metric" | "tag";

/**
 * Why `key` is not a valid param, metric or tag key, or null when it is. MLflow's rule: letters, digits,
 * `_ - . : /` and space, at most 250 characters, and a normalised relative path (no empty, `.` or `..`
 * segment, no leading or trailing `/`), because MLflow stores each key as a file path.
 */
export function keyProblem(key: unknown): string | null {
  if (typeof key !== "string") return `a string, not ${describe(key)}`;
  if (key.length === 0) return "a non-empty key";
  if (key.length > MAX_KEY_LENGTH) return `at most ${MAX_KEY_LENGTH} characters (got ${key.length})`;
  if (!KEY_CHARS.test(key)) return "only letters, digits, '_', '-', '.', ':', '/' and spaces";
  // MLflow refuses a key whose normalised path starts with "..", even "..a": it could not be exported.
  if (key.startsWith("..")) return "no key starting with '..'";
  for (const segment of key.split("/")) {
    if (segment === "") return "no leading, trailing or doubled '/'";
    if (segment === "." || segment === "..") return "no '.' or '..' path segment";
  }
  return null;
}

export function checkKey(kind: KeyKind, key: unknown, run: string): string {
  const problem = keyProblem(key);
  if (problem !== null) {
    throw new RuntreeError(
      ErrorCode.InvalidKey,
      `Run ${run}: invalid ${kind} key ${JSON.stringify(key)}: expected ${problem}.`,
      { run, key: String(key), expected: problem },
    );
  }
  return key as string;
}

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 57) + "..." : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return `a value of type ${typeof value}`;
}
