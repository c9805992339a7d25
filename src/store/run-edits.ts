/**
 * The edits a finished run accepts, as pure changes of its record: tags (set or removed), its name and its
 * note. Each validates its input as the run's own calls do (MLflow's key rule, its length limits), so an
 * edited run.json is one the writer itself could have written. Params and metrics are not editable: params
 * are immutable, and metrics are history.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import { dictionary, own } from "../format/dictionary.js";
import { checkKey, describe, MAX_NOTE_LENGTH } from "../format/keys.js";
import type { RunChange } from "./edit-run.js";
import { checkRunName } from "./check-name.js";
import { checkRecord, checkTagValue } from "./validate-input.js";

/** Sets (adds or replaces) tags, all or nothing. */
export function setTags(id: string, tags: Readonly<Record<string, string>>): RunChange {
  const entries = Object.entries(checkRecord(id, "tags", tags)).map(([key, value]) => [key, checkTagValue(id, key, value)] as const);
  return (file) => ({ ...file, tags: dictionary([...Object.entries(file.tags), ...entries]) });
}

/** Removes tags, all or nothing; TAG_NOT_FOUND when the run lacks one of them (as MLflow's `delete_tag`). */
export function deleteTags(id: string, keys: readonly string[]): RunChange {
  for (const key of keys) checkKey("tag", key, id);
  return (file) => {
    const missing = keys.find((key) => own(file.tags, key) === undefined);
    if (missing !== undefined) {
      throw new RuntreeError(ErrorCode.TagNotFound, `Run ${id} (${file.name}) has no tag ${JSON.stringify(missing)}.`, {
        run: id,
        key: missing,
        expected: `one of ${Object.keys(file.tags).map((k) => JSON.stringify(k)).join(", ") || "(no tags)"}`,
      });
    }
    const gone = new Set(keys);
    return { ...file, tags: dictionary(Object.entries(file.tags).filter(([k]) => !gone.has(k))) };
  };
}

export function rename(id: string, name: string): RunChange {
  const checked = checkRunName(id, name, true)!;
  return (file) => ({ ...file, name: checked });
}

/**
 * Sets the run's note: Markdown, kept as the run's `description` (MLflow keeps it in the tag
 * `mlflow.note.content`, which import and export map to the same field). An empty note removes it.
 */
export function setNote(id: string, markdown: string): RunChange {
  if (typeof markdown !== "string" || markdown.length > MAX_NOTE_LENGTH) {
    throw new RuntreeError(ErrorCode.InvalidValue, `Run ${id}: a note must be a string of at most ${MAX_NOTE_LENGTH} characters, got ${describe(markdown)}${typeof markdown === "string" ? ` (${markdown.length} characters)` : ""}.`, {
      run: id,
      expected: `a string of at most ${MAX_NOTE_LENGTH} characters`,
    });
  }
  return (file) => {
    const { description: _old, ...rest } = file;
    return markdown === "" ? rest : { ...rest, description: markdown };
  };
}
