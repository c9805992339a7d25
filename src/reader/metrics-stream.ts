/**
 * `metrics.jsonl` read as a stream of points, in blocks, so that a history of a million lines costs a block
 * of memory rather than the whole file (the report reads long histories this way, twice).
 *
 * Lines in the exact shape our writer produces (`{"key":"loss","value":0.5,"step":1,"timestamp":...}`, an
 * ASCII key without escapes) are scanned straight from the bytes: a long history is mostly such lines, and
 * this is several times faster than JSON.parse and its objects. Any other line goes through JSON.parse and
 * the same checks as `readMetricsFile`, so both readers accept and reject exactly the same lines.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { futureFormat } from "../format/future-format.js";
import { keyProblem } from "../format/keys.js";
import type { Problem } from "../model/problem.js";
import { linkProblem } from "../source/store-source.js";
import { metricPointOf, tornLine } from "./metrics-file.js";

/** Bytes read at a time: large enough to amortise the read, small next to any memory budget. */
const BLOCK = 1 << 20;
const NEWLINE = 0x0a;

export type OnPoint = (key: string, value: number, step: number, timestamp: number) => void;

/**
 * Calls `onPoint` for every valid point of the file at `path`, in file order, and returns the problems
 * (each naming `display` and the line). A missing file has no points and no problem.
 */
export function streamMetricsFile(path: string, display: string, onPoint: OnPoint): Problem[] {
  const problems: Problem[] = [];
  let fd: number;
  try {
    // Never through a symbolic link: it could point at any file on the machine, published as a chart.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return problems;
    if ((error as NodeJS.ErrnoException).code === "ELOOP") return [linkProblem(display)];
    return [{ file: display, code: "UNREADABLE", message: String(error) }];
  }
  try {
    // A small file gets a small buffer: most histories are a few KB, and a 1 MB allocation each cost more
    // than reading them.
    let buffer = Buffer.allocUnsafe(Math.min(BLOCK, fstatSync(fd).size + 1));
    let carried = 0; // bytes of an unfinished line at the start of `buffer`
    let lineNo = 0;
    reading: for (;;) {
      if (carried === buffer.length) {
        // One line longer than a block: grow rather than split it.
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, carried);
        buffer = grown;
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, null);
      const end = carried + read;
      // Searched within what was read: past `end` lies an earlier block's bytes (or garbage), and a search
      // that ran to the buffer's end on every line made small files cost a scan of the whole block each.
      const filled = buffer.subarray(0, end);
      let start = 0;
      for (;;) {
        let stop = filled.indexOf(NEWLINE, start);
        if (stop < 0 || stop >= end) {
          if (read !== 0 || start >= end) break;
          stop = end; // the last line has no newline
        }
        lineNo++;
        if (stop > start && !scanLine(buffer, start, stop, onPoint)) {
          if (!parseLine(buffer.toString("utf8", start, stop), lineNo, display, onPoint, problems)) break reading;
        }
        start = stop + 1;
      }
      if (read === 0) break;
      buffer.copy(buffer, 0, start, end);
      carried = end - start;
    }
  } finally {
    closeSync(fd);
  }
  return problems;
}

/** Parses one line the scanner passed over; false when the rest of the file must not be read (a newer format). */
function parseLine(line: string, lineNo: number, display: string, onPoint: OnPoint, problems: Problem[]): boolean {
  const where = `${display}:${lineNo}`;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    problems.push(tornLine(where));
    return true;
  }
  const future = lineNo === 1 ? futureFormat(data, where) : null;
  if (future) {
    problems.push(future);
    return false;
  }
  const point = metricPointOf(data, lineNo === 1, where, problems);
  if (point) onPoint(point.key, point.value, point.step, point.timestamp);
  return true;
}

const KEY_PREFIX = Buffer.from('{"key":"');
const VALUE_PREFIX = Buffer.from('","value":');
const STEP_PREFIX = Buffer.from(',"step":');
const TIME_PREFIX = Buffer.from(',"timestamp":');
const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE = 0x7d;
/** A JSON number. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const keyOk = new Map<string, boolean>();

/** Byte by byte: for a dozen bytes this beats the native compare, whose call costs more than the work. */
function startsWith(buffer: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > buffer.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buffer[at + i] !== prefix[i]) return false;
  return true;
}

/** A whole number written in JSON at `at` (no sign or leading zero tricks), and where it ends; null otherwise. */
function integerAt(buffer: Buffer, at: number, end: number): [number, number] | null {
  let i = at;
  const negative = buffer[i] === 0x2d;
  if (negative) i++;
  const first = i;
  let n = 0;
  while (i < end) {
    const c = buffer[i]!;
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    i++;
  }
  if (i === first || (buffer[first] === 0x30 && i - first > 1) || !Number.isSafeInteger(n)) return null;
  return [negative ? -n : n, i];
}

/** Scans a line of the writer's exact shape and reports its point; false when the line has another shape. */
function scanLine(buffer: Buffer, start: number, end: number, onPoint: OnPoint): boolean {
  if (!startsWith(buffer, start, KEY_PREFIX)) return false;
  let i = start + KEY_PREFIX.length;
  const keyStart = i;
  while (i < end) {
    const c = buffer[i]!;
    if (c === QUOTE) break;
    if (c === 0x5c || c < 0x20 || c >= 0x80) return false; // escapes and non-ASCII: the careful path
    i++;
  }
  if (i >= end || !startsWith(buffer, i, VALUE_PREFIX)) return false;
  const key = buffer.toString("latin1", keyStart, i);
  i += VALUE_PREFIX.length;
  const valueStart = i;
  while (i < end && buffer[i] !== COMMA) i++;
  const text = buffer.toString("latin1", valueStart, i);
  let value: number;
  if (text === '"NaN"') value = NaN;
  else if (text === '"Infinity"') value = Infinity;
  else if (text === '"-Infinity"') value = -Infinity;
  else if (NUMBER.test(text)) value = Number(text);
  else return false;
  if (!startsWith(buffer, i, STEP_PREFIX)) return false;
  const step = integerAt(buffer, i + STEP_PREFIX.length, end);
  if (!step || !startsWith(buffer, step[1], TIME_PREFIX)) return false;
  const time = integerAt(buffer, step[1] + TIME_PREFIX.length, end);
  if (!time || time[0] < 0 || time[1] !== end - 1 || buffer[end - 1] !== CLOSE) return false;
  let ok = keyOk.get(key);
  if (ok === undefined) {
    ok = keyProblem(key) === null;
    if (keyOk.size > 100_000) keyOk.clear();
    keyOk.set(key, ok);
  }
  if (!ok) return false; // the careful path reports it
  onPoint(key, value, step[0], time[0]);
  return true;
}
