/**
 * The filter box's placeholder: an example written with this experiment's own keys and values (a metric
 * below a value a run has, a param equal to one a run has), so it shows a reader a filter that means
 * something here. Only the runs already loaded are looked at; they are the first page's.
 */
import type { ParamValue } from "../../format/records.js";
import type { RunData } from "./run-data.js";

/** Runs looked at for a value: the example needs one, not the best one. */
const LOOKED_AT = 200;
/** What a key may be written as without quotes (MLflow's characters, minus the space). */
const BARE_KEY = /^[\p{L}\p{N}_\-.:/]+$/u;

export function filterExample(data: RunData): string {
  const runs = Math.min(data.loaded, LOOKED_AT);
  const parts: string[] = [];
  const metric = firstValue(data.metricKeys.length, runs, (key, run) => {
    const value = data.metric(key, run);
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  });
  if (metric) parts.push(`${reference("metrics", data.metricKeys[metric.key]!)} < ${literal(roundUp(metric.value))}`);
  const param = firstValue(data.paramKeys.length, runs, (key, run) => {
    const value = data.param(key, run);
    return typeof value === "number" || typeof value === "string" ? value : undefined;
  });
  if (param) parts.push(`${reference("params", data.paramKeys[param.key]!)} = ${literal(param.value)}`);
  if (parts.length === 0) {
    const tag = firstValue(data.tagKeys.length, runs, (key, run) => data.tag(key, run));
    parts.push(tag ? `${reference("tags", data.tagKeys[tag.key]!)} = ${literal(tag.value)}` : "attributes.status = 'FINISHED'");
  }
  return parts.join(" and ");
}

/** The first key (in key order) that some run has a usable value of, with that value. */
function firstValue<V>(keys: number, runs: number, valueOf: (key: number, run: number) => V | undefined): { key: number; value: V } | null {
  for (let key = 0; key < keys; key++) {
    for (let run = 0; run < runs; run++) {
      const value = valueOf(key, run);
      if (value !== undefined) return { key, value };
    }
  }
  return null;
}

function reference(entity: string, key: string): string {
  return BARE_KEY.test(key) ? `${entity}.${key}` : `${entity}.\`${escape(key, "`")}\``;
}

function literal(value: Exclude<ParamValue, boolean>): string {
  return typeof value === "number" ? String(value) : `'${escape(value, "'")}'`;
}

/** The lexer's escapes: a doubled quote, and a backslash doubled so that one ending the text escapes nothing. */
function escape(text: string, quote: string): string {
  return text.replace(/\\/g, "\\\\").replaceAll(quote, quote + quote);
}

/** Two significant digits, rounded up (strictly), so the run the value came from matches `<` it. */
function roundUp(value: number): number {
  if (value === 0) return 1;
  const power = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
  return Number((Math.ceil(value / power + 1e-9) * power).toPrecision(2));
}
