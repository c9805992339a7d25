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
  const parts = fields(line);
  if (parts.length !== 2 && parts.length !== 3) return undefined;
  const [timestampText = "", valueText = "", stepText = "0"] = parts;
  const value = parsePythonFloat(valueText);
  if (value === undefined || !INTEGER.test(timestampText) || !INTEGER.test(stepText)) return undefined;
  const timestamp = Number(timestampText);
  const step = Number(stepText);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || !Number.isSafeInteger(step)) return undefined;
  return { step, value, timestamp };
}

/**
 * The fields of a line. MLflow writes them with single spaces, and slicing at two spaces costs a fraction
 * of a regex split (a 10,000-run store has 400,000 lines); any other spacing takes the general way.
 */
function fields(line: string): string[] {
  const first = line.indexOf(" ");
  const second = first > 0 ? line.indexOf(" ", first + 1) : -1;
  if (second > first + 1 && second < line.length - 1 && line.indexOf(" ", second + 1) < 0 && line.indexOf("\t") < 0) {
    return [line.slice(0, first), line.slice(first + 1, second), line.slice(second + 1)];
  }
  return line.split(/[ \t]+/);
}

/** The line MLflow itself would write for a point, with its newline. */
export function formatMetricLine(point: MlflowPoint): string {
  return `${point.timestamp} ${formatPythonFloat(point.value)} ${point.step}\n`;
}

function show(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line);
}
