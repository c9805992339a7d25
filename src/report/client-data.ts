/**
 * The model's runs turned into the data contract of the browser script (`page-data.ts`): numbers encoded
 * so NaN and the infinities survive JSON, maps with sorted keys so the bytes do not depend on read order.
 */
import { encodeNumber, type EncodedNumber } from "../format/metric-value.js";
import type { RunRecord } from "../model/run-record.js";
import { sortKeys } from "../format/stable-json.js";
import type { ClientRun } from "./page-data.js";
import { dictionary } from "../format/dictionary.js";

function sortedMap<V, W>(map: Readonly<Record<string, V>>, convert: (value: V) => W): Record<string, W> {
  const out: Record<string, W> = dictionary(); // user keys: "__proto__" must stay a key
  for (const key of sortKeys(Object.keys(map))) out[key] = convert(map[key] as V);
  return out;
}

const same = <V>(value: V): V => value;

/** A run as the browser sees it; `href` is the link to its page from the page embedding the data. */
export function toClientRun(run: RunRecord, href: string): ClientRun {
  return {
    id: run.id,
    name: run.name,
    parentId: run.parentId,
    status: run.status,
    abandoned: run.abandoned,
    startTime: run.startTime,
    endTime: run.endTime,
    params: sortedMap(run.params, same),
    metrics: sortedMap<number, EncodedNumber>(run.metrics, encodeNumber),
    tags: sortedMap(run.tags, same),
    href,
  };
}

/** The sorted union of the keys of one field over some runs: the possible columns of a table. */
export function keysOf(runs: ReadonlyArray<Pick<RunRecord, "params" | "metrics" | "tags">>, field: "params" | "metrics" | "tags"): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run[field])) keys.add(key);
  return sortKeys([...keys]);
}
