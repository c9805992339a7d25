import { decodeNumber } from "../format/metric-value.js";
import type { MetricPoint } from "../model/metric-summary.js";
import type { Problem } from "../model/problem.js";
import { isMetricHeader, isMetricLine, lastSchemaProblem } from "../format/schema.js";
import { conflictedLine, hasConflictMarkers } from "./merge-conflict.js";
import { futureFormat } from "../format/future-format.js";
import { isLink, isMissing, linkProblem, type StoreSource } from "../source/store-source.js";

/**
 * Parses `metrics.jsonl`. A bad line (say, the torn last line of a process killed mid-write) becomes a
 * problem and is skipped; every other line is kept. A missing file is an empty history.
 * @param path relative to the source's root; `displayPath` names the file in problems.
 */
export async function readMetricsFile(
  source: StoreSource,
  path: string,
  displayPath: string = path,
): Promise<{ points: MetricPoint[]; problems: Problem[] }> {
  let text: string;
  try {
    text = await source.read(path);
  } catch (error) {
    if (isMissing(error)) return { points: [], problems: [] };
    if (isLink(error)) return { points: [], problems: [linkProblem(displayPath)] };
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
  const header = parsed ? parsed[0] : parseOrUndefined(lines[0] ?? "");
  // A history from a newer runtree: named once; its lines are in a shape this runtree does not know.
  const future = futureFormat(header, `${displayPath}:1`);
  if (future) return { points, problems: [future] };
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
        problems.push(hasConflictMarkers(line) ? conflictedLine(where) : tornLine(where));
        return;
      }
    }
    const point = metricPointOf(data, index === 0, where, problems);
    if (point) points.push(point);
  });
  return { points, problems };
}

function parseOrUndefined(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The problem of a line that is not JSON. */
export function tornLine(where: string): Problem {
  return { file: where, code: "CORRUPT_FILE", message: "line is not valid JSON (torn write?); skipped" };
}

/**
 * One parsed line of `metrics.jsonl` as a point, or undefined for the header (first line) and for a line the
 * schema rejects (then a problem naming `where` is added).
 */
export function metricPointOf(data: unknown, first: boolean, where: string, problems: Problem[]): MetricPoint | undefined {
  if (first && typeof data === "object" && data !== null && "format" in data) {
    if (!isMetricHeader(data)) {
      const { pointer, message } = lastSchemaProblem();
      problems.push({ file: where, code: "SCHEMA_VIOLATION", message: `header ${pointer} ${message}` });
    }
    return undefined;
  }
  if (!isMetricLine(data)) {
    const { pointer, message } = lastSchemaProblem();
    problems.push({ file: where, code: "SCHEMA_VIOLATION", message: `${pointer} ${message}; line skipped` });
    return undefined;
  }
  return { key: data.key, value: decodeNumber(data.value), step: data.step, timestamp: data.timestamp };
}

