import type { Problem } from "../model/problem.js";
import { futureFormat } from "../format/future-format.js";
import { lastSchemaProblem } from "../format/schema.js";
import { conflictedFile, hasConflictMarkers } from "./merge-conflict.js";
import { isLink, isMissing, linkProblem, readErrorCode, type StoreSource } from "../source/store-source.js";

export type JsonRead<T> = { ok: true; value: T } | { ok: false; missing: boolean; problem: Problem };

/**
 * Reads, parses and validates one JSON file, `path` relative to the source's root (`displayPath` names it
 * in problems). Every failure becomes a Problem naming the file and what was
 * expected; a missing file is flagged so callers can decide whether that is a problem at all.
 */
export async function readJsonFile<T>(
  source: StoreSource,
  path: string,
  isValid: (data: unknown) => data is T,
  displayPath: string = path,
): Promise<JsonRead<T>> {
  let text: string;
  try {
    text = await source.read(path);
  } catch (error) {
    if (isLink(error)) return { ok: false, missing: false, problem: linkProblem(displayPath) };
    const missing = isMissing(error);
    const message = missing ? "file is missing" : `cannot read the file (${readErrorCode(error)})`;
    return { ok: false, missing, problem: { file: displayPath, code: missing ? "MISSING_FILE" : "UNREADABLE", message } };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    if (hasConflictMarkers(text)) return { ok: false, missing: false, problem: conflictedFile(displayPath) };
    const reason = text.trim() === "" ? "the file is empty" : (error as Error).message;
    return { ok: false, missing: false, problem: { file: displayPath, code: "CORRUPT_FILE", message: `not valid JSON: ${reason}` } };
  }
  if (!isValid(data)) {
    const future = futureFormat(data, displayPath);
    if (future) return { ok: false, missing: false, problem: future };
    const { pointer, message } = lastSchemaProblem();
    return {
      ok: false,
      missing: false,
      problem: { file: displayPath, code: "SCHEMA_VIOLATION", message: `${pointer}: ${message}` },
    };
  }
  return { ok: true, value: data };
}
