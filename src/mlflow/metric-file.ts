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
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const point = parseLine(line);
    if (point) points.push(point);
    else bad.push({ line: index + 1, message: `expected "<timestamp> <value> <step>", found ${show(line)}; line skipped` });
  });
  return { points, bad };
}

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
