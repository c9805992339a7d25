import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { encodeNumber } from "../format/metric-value.js";
import { FILE, FORMAT } from "../format/records.js";
import { jsonLine } from "../format/stable-json.js";

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
 */
export class MetricsLog {
  readonly #path: string;
  readonly #run: string;
  #fd: number | undefined;

  constructor(runDir: string, runId: string) {
    this.#path = join(runDir, FILE.metrics);
    this.#run = runId;
  }

  append(points: readonly Point[]): void {
    let text = points.map((p) => jsonLine({ key: p.key, value: encodeNumber(p.value), step: p.step, timestamp: p.timestamp })).join("");
    if (this.#fd === undefined) {
      this.#fd = openSync(this.#path, "a+");
      const size = fstatSync(this.#fd).size;
      if (size === 0) text = jsonLine({ format: FORMAT, run: this.#run }) + text;
      else if (!endsWithNewline(this.#fd, size)) text = "\n" + text;
    }
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written);
  }

  /** fsync, when anything was written. */
  sync(): void {
    if (this.#fd !== undefined) fsyncSync(this.#fd);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
