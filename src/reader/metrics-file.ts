import { readFileSync } from "node:fs";
import { decodeNumber } from "../metric-value.js";
import type { MetricSummary } from "../model/run-record.js";
import type { Problem } from "../model/problem.js";
import { keyProblem } from "../keys.js";
import type { MetricLine } from "../records.js";
import { isMetricHeader, isMetricLine, lastSchemaProblem } from "../schema.js";

export interface MetricPoint {
  readonly key: string;
  readonly value: number;
  readonly step: number;
  readonly timestamp: number;
}

/**
 * Parses `metrics.jsonl`. A bad line (say, the torn last line of a process killed mid-write) becomes a
 * problem and is skipped; every other line is kept. A missing file is an empty history.
 */
export async function readMetricsFile(
  path: string,
  displayPath: string,
): Promise<{ points: MetricPoint[]; problems: Problem[] }> {
  let text: string;
  try {
    text = readFileSync(path, "utf8"); // sync: far cheaper than fs/promises for small files (see bench/)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { points: [], problems: [] };
    return { points: [], problems: [{ file: displayPath, code: "UNREADABLE", message: String(error) }] };
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  // One JSON.parse of the whole history is several times faster than one per line; a torn or corrupt
  // line makes it fail, and then each line is parsed on its own so only the bad ones are lost.
  let parsed: unknown[] | undefined;
  try {
    parsed = JSON.parse(`[${lines.join(",")}]`) as unknown[];
    if (parsed.length !== lines.length) parsed = undefined; // an empty line; take the careful path
  } catch {
    parsed = undefined;
  }
  const points: MetricPoint[] = [];
  const problems: Problem[] = [];
  lines.forEach((line, index) => {
    const where = `${displayPath}:${index + 1}`;
    let data: unknown;
    if (parsed) {
      data = parsed[index];
    } else {
      if (line === "") return;
      try {
        data = JSON.parse(line);
      } catch {
        problems.push({ file: where, code: "CORRUPT_FILE", message: "line is not valid JSON (torn write?); skipped" });
        return;
      }
    }
    if (index === 0 && typeof data === "object" && data !== null && "format" in data) {
      if (!isMetricHeader(data)) {
        const { pointer, message } = lastSchemaProblem();
        problems.push({ file: where, code: "SCHEMA_VIOLATION", message: `header ${pointer} ${message}` });
      }
      return;
    }
    if (!isQuickPoint(data) && !isMetricLine(data)) {
      const { pointer, message } = lastSchemaProblem();
      problems.push({ file: where, code: "SCHEMA_VIOLATION", message: `${pointer} ${message}; line skipped` });
      return;
    }
    points.push({ key: data.key, value: decodeNumber(data.value), step: data.step, timestamp: data.timestamp });
  });
  return { points, problems };
}

const keyOk = new Map<string, boolean>();

/**
 * The common case of a valid point, checked by hand: a history holds thousands of lines with a handful of
 * keys, and the schema's key pattern is the costly part of validating one. Exactly what the schema
 * accepts; anything it does not recognise falls through to the full validator (and its error message).
 */
function isQuickPoint(data: unknown): data is MetricLine {
  if (typeof data !== "object" || data === null) return false;
  const { key, value, step, timestamp } = data as Record<string, unknown>;
  if (Object.keys(data).length !== 4 || typeof key !== "string") return false;
  if (!Number.isInteger(step) || !Number.isInteger(timestamp) || (timestamp as number) < 0) return false;
  if (typeof value !== "number" && value !== "NaN" && value !== "Infinity" && value !== "-Infinity") return false;
  let ok = keyOk.get(key);
  if (ok === undefined) {
    ok = keyProblem(key) === null;
    if (keyOk.size > 100_000) keyOk.clear();
    keyOk.set(key, ok);
  }
  return ok;
}

/** MLflow's "latest": the point with the highest step, then timestamp, then value. */
export function isLater(a: { step: number; timestamp: number; value: number }, b: typeof a): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** Folds one point into a summary (NaN never becomes min or max unless every point is NaN). */
export function addToSummary(summary: MetricSummary | undefined, point: MetricPoint): MetricSummary {
  if (summary === undefined) {
    return { last: point.value, step: point.step, timestamp: point.timestamp, min: point.value, max: point.value, count: 1 };
  }
  const later = isLater(point, { step: summary.step, timestamp: summary.timestamp, value: summary.last });
  return {
    last: later ? point.value : summary.last,
    step: later ? point.step : summary.step,
    timestamp: later ? point.timestamp : summary.timestamp,
    min: lesser(summary.min, point.value),
    max: greater(summary.max, point.value),
    count: summary.count + 1,
  };
}

function lesser(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
}
function greater(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
}

export function summarize(points: readonly MetricPoint[]): Record<string, MetricSummary> {
  const byKey = new Map<string, MetricSummary>();
  for (const point of points) byKey.set(point.key, addToSummary(byKey.get(point.key), point));
  return Object.fromEntries(byKey); // own data properties, even for keys like "__proto__"
}
