import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { stableJson } from "../format/stable-json.js";

let counter = 0;

/**
 * Writes a file atomically: a temp file beside it, then a rename, so a reader sees the old bytes or the
 * new, never a torn file. `durable` adds an fsync (≈0.5 ms), paid when a run ends, not on every log call:
 * the rename alone already hands the data to the OS, which is what survives a killed process.
 *
 * Hand-written rather than write-file-atomic's `sync`: on this hot path that costs ~159 system calls per
 * write against ~8 here (it installs and removes a handler for every signal each time), and in a
 * synchronous loop the signal handles it leaves for the event loop to close pile up (measured in `bench/`).
 * The temp name starts with a dot and ends in `.tmp`; readers only ever open exact file names.
 */
export function writeFileAtomicSync(path: string, data: string, durable = false): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const fd = openSync(temp, "w");
  try {
    const bytes = Buffer.from(data, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `writeFileAtomicSync` of a record as stable JSON (2-space indent, sorted maps, trailing newline). */
export function writeJsonSync(path: string, value: unknown, durable = false): void {
  writeFileAtomicSync(path, stableJson(value), durable);
}
