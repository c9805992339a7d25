/**
 * What changed in one run between two versions of the store, as field names in the filter language's
 * spelling (`status`, `end_time`, `params.lr`, `tags.stage`, `metrics.loss`), so a reader can paste a name
 * into `runtree search`. Pure.
 */
import { compareKeys } from "../format/stable-json.js";
import type { RunRecord } from "../model/run-record.js";

/** The status a person sees: a RUNNING run whose process is gone reads ABANDONED. */
export function shownStatus(run: Pick<RunRecord, "status" | "abandoned">): string {
  return run.abandoned ? "ABANDONED" : run.status;
}

/**
 * The names of the fields that differ, sorted: attributes first (`run_name`, `experiment`, `parent_id`,
 * `status`, `end_time`, `lifecycle_stage`), then `params.*`, `tags.*`, `metrics.*` (latest values; NaN equals NaN).
 * @example changedFields(before, after) // ["status", "end_time", "metrics.loss"]
 */
export function changedFields(before: RunRecord, after: RunRecord): string[] {
  const fields: string[] = [];
  if (before.name !== after.name) fields.push("run_name");
  if (before.experiment !== after.experiment) fields.push("experiment");
  if (before.parentId !== after.parentId) fields.push("parent_id");
  if (shownStatus(before) !== shownStatus(after)) fields.push("status");
  if (before.endTime !== after.endTime) fields.push("end_time");
  // Deleted or restored: MLflow's name for it (not a filter attribute: searches choose it with `view`).
  if ((before.deleted === undefined) !== (after.deleted === undefined)) fields.push("lifecycle_stage");
  fields.push(...differingKeys("params", before.params, after.params));
  fields.push(...differingKeys("tags", before.tags, after.tags));
  fields.push(...differingKeys("metrics", before.metrics, after.metrics));
  return fields;
}

function differingKeys<V>(prefix: string, a: Readonly<Record<string, V>>, b: Readonly<Record<string, V>>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const key of keys) {
    const inA = Object.hasOwn(a, key);
    const inB = Object.hasOwn(b, key);
    if (inA !== inB || !Object.is(a[key], b[key])) out.push(key);
  }
  return out.sort(compareKeys).map((key) => `${prefix}.${key}`);
}
