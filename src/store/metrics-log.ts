import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from "node:fs";
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
 * (a buffered stream would). The file is created on the first point, with its format header.
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

  constructor(runDir: string, runId: string) {
    this.#path = join(runDir, FILE.metrics);
    this.#run = runId;
  }

  append(points: readonly Point[]): void {
    let text = points.map((p) => jsonLine({ key: p.key, value: encodeNumber(p.value), step: p.step, timestamp: p.timestamp })).join("");
    let fd = this.#fd;
    if (fd === undefined) {
      try {
        fd = openSync(this.#path, "a");
        this.#size = fstatSync(fd).size;
      } catch (error) {
        if (fd !== undefined) closeSync(fd);
        throw writeFailed("append to", this.#path, error);
      }
      this.#fd = fd;
    }
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
