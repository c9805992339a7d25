/**
 * One MLflow metric file: a line per logged point, `<timestamp ms> <value> <step>`. MLflow before 1.0 wrote
 * no step (it reads as 0). A line that does not parse is reported by number and skipped; the rest count.
 */
import { formatPythonFloat, parsePythonFloat } from "./python-float.js";

export interface MlflowPoint {
  readonly step: number;
  readonly value: number;
  readonly timestamp: number;
}

export interface BadLine {
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

const INTEGER = /^[+-]?\d+$/;

export function parseMetricFile(text: string): { points: MlflowPoint[]; bad: BadLine[] } {
  const points: MlflowPoint[] = [];
  const bad: BadLine[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "") continue;
    const point = quickLine(line) ?? parseLine(line);
    if (point) points.push(point);
    else bad.push({ line: index + 1, message: `expected "<timestamp> <value> <step>", found ${show(line)}; line skipped` });
  }
  return { points, bad };
}

/** Digits that always fit a safe integer. */
const MAX_DIGITS = 15;

/** The number written with digits only from `start` to `end` of `line` (at most MAX_DIGITS), else -1. */
function digitsAt(line: string, start: number, end: number): number {
  if (end <= start || end - start > MAX_DIGITS) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const digit = line.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * A line as MLflow writes it (`<timestamp> <value> <step>`, single spaces, unsigned whole numbers) without
 * cutting it into pieces: nearly every line of a store, at a fraction of the general way's cost. Anything
 * else (no step, other spacing, a sign, a value Python's float would not read) is left to `parseLine`.
 */
function quickLine(line: string): MlflowPoint | undefined {
  const first = line.indexOf(" ");
  const second = first > 0 ? line.indexOf(" ", first + 1) : -1;
  if (second < 0) return undefined;
  const timestamp = digitsAt(line, 0, first);
  const step = digitsAt(line, second + 1, line.length);
  if (timestamp < 0 || step < 0) return undefined;
  const value = parsePythonFloat(line.slice(first + 1, second));
  return value === undefined ? undefined : { step, value, timestamp };
}

/** Any line Python's MLflow would read: signs, tabs or several spaces between fields, no step. */
function parseLine(line: string): MlflowPoint | undefined {
  const parts = line.split(/[ \t]+/);
  if (parts.length !== 2 && parts.length !== 3) return undefined;
  const [timestampText = "", valueText = "", stepText = "0"] = parts;
  const value = parsePythonFloat(valueText);
  if (value === undefined || !INTEGER.test(timestampText) || !INTEGER.test(stepText)) return undefined;
  const timestamp = Number(timestampText);
  const step = Number(stepText);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || !Number.isSafeInteger(step)) return undefined;
  return { step, value, timestamp };
}

/** The line MLflow itself would write for a point, with its newline. */
export function formatMetricLine(point: MlflowPoint): string {
  return `${point.timestamp} ${formatPythonFloat(point.value)} ${point.step}\n`;
}

function show(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line);
}
