import { RuntreeError } from "../errors.js";
import type { Problem } from "../model/problem.js";
import { isMissing, readErrorCode, type StoreSource } from "../source/store-source.js";
import type { Checked } from "./meta-records.js";
import { parseMetaYaml, type YamlValue } from "./meta-yaml.js";

export type MetaRead<T> = { ok: true; value: T } | { ok: false; missing: boolean; problem: Problem };

/**
 * Reads, parses and checks one meta.yaml, `display` being its path relative to the source's root. Every failure is a Problem naming the file and what was expected;
 * a missing file is flagged so that callers can tell "not an experiment folder" from "a broken one".
 */
export async function readMetaYaml<T>(
  source: StoreSource,
  display: string,
  check: (fields: ReadonlyMap<string, YamlValue>) => Checked<T>,
): Promise<MetaRead<T>> {
  let text: string;
  try {
    text = await source.read(display);
  } catch (error) {
    const missing = isMissing(error);
    const message = missing ? "meta.yaml is missing; skipped" : `cannot read the file (${readErrorCode(error)}); skipped`;
    return { ok: false, missing, problem: { file: display, code: missing ? "MISSING_FILE" : "UNREADABLE", message } };
  }
  let fields: ReadonlyMap<string, YamlValue>;
  try {
    fields = parseMetaYaml(text);
  } catch (error) {
    if (!(error instanceof RuntreeError)) throw error;
    return { ok: false, missing: false, problem: { file: display, code: error.code, message: `${error.message}; skipped` } };
  }
  const checked = check(fields);
  if (!checked.ok) {
    return { ok: false, missing: false, problem: { file: display, code: "SCHEMA_VIOLATION", message: `${checked.message}; skipped` } };
  }
  return { ok: true, value: checked.value };
}
