import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { encodeNumber } from "../format/metric-value.js";
import { FILE, FORMAT } from "../format/records.js";
import { jsonLine } from "../format/stable-json.js";
import { writeFailed } from "../errors.js";

export interface Point {
  readonly key: string;
  readonly value: number;
  readonly step: number;
  readonly timestamp: number;
}

/**
 * A run's `metrics.jsonl`, kept open for appending. Each `append` is one `write` system call of whole
 * lines: when it returns the points are the OS's, and a process killed right after loses none of them
 * (a buffered stream would). The file is created on the first point, with its format header. A resumed
 * run appends to the history it has: after a newline, should the last line have been cut by a crash, so
 * that the torn line stays one bad line (skipped by readers) instead of swallowing the first new point.
 *
 * A write the file system cuts short (a full disk takes what fits, then refuses the rest) is undone: the
 * file is truncated back to its last whole line before the error is thrown, so the next point, once there
 * is room again, does not glue itself to a torn line and get lost with it.
 */
export class MetricsLog {
  readonly #path: string;
  readonly #run: string;
  #fd: number | undefined;
  /** Bytes of whole lines in the file. */
  #size = 0;
  /** The file ends in a line a crash cut short: the next write starts on a new line. */
  #torn = false;

  constructor(runDir: string, runId: string) {
    this.#path = join(runDir, FILE.metrics);
    this.#run = runId;
  }

  append(points: readonly Point[]): void {
    let text = points.map((p) => jsonLine({ key: p.key, value: encodeNumber(p.value), step: p.step, timestamp: p.timestamp })).join("");
    let fd = this.#fd;
    if (fd === undefined) {
      try {
        // "a+", but a symbolic link (a resumed run's history from a clone) is refused, not appended through.
        fd = openSync(this.#path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW);
        this.#size = fstatSync(fd).size;
        this.#torn = this.#size > 0 && !endsWithNewline(fd, this.#size);
      } catch (error) {
        if (fd !== undefined) closeSync(fd);
        throw writeFailed("append to", this.#path, error);
      }
      this.#fd = fd;
    }
    // Kept until a write goes through, so a refused first write does not lose the newline.
    if (this.#torn) text = "\n" + text;
    if (this.#size === 0) text = jsonLine({ format: FORMAT, run: this.#run }) + text;
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      if (written > 0) this.#undo(fd);
      throw writeFailed("append to", this.#path, error);
    }
    this.#size += bytes.length;
    this.#torn = false;
  }

  /** fsync, when anything was written. */
  sync(): void {
    if (this.#fd !== undefined) fsyncSync(this.#fd);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** Truncates a partly written batch away; appends continue at the end, which is then the last whole line. */
  #undo(fd: number): void {
    try {
      ftruncateSync(fd, this.#size);
    } catch {
      // Nothing more can be done; the reader skips a torn line and names it.
    }
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
