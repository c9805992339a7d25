/**
 * The floors: the least raw `node:fs` work that does the same job as a library call, with none of the
 * library's validation, bookkeeping or safety margins. A floor is what the job would cost if the library
 * were free; the ratio to it is what the library adds.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Replaces `path` the atomic way by hand: write a temp file (optionally fsync it), rename it over. */
export function replaceFile(path: string, bytes: Buffer, fsync: boolean): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, bytes);
    if (fsync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** A run's start and end as raw fs: mkdir, then run.json written durably twice (RUNNING, then ended). */
export function startEndFloor(dir: string, started: Buffer, ended: Buffer): void {
  mkdirSync(dir);
  replaceFile(join(dir, "run.json"), started, false); // start: handed to the OS, no fsync
  replaceFile(join(dir, "run.json"), ended, true); // end: durable
}

const RUN_ID = /^[0-9a-f]{32}$/;

/** Reading a store as raw fs: readdir the two levels, read and JSON.parse every experiment.json and run.json. */
export function readStoreFloor(root: string): number {
  let runs = 0;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const experiment = join(root, entry.name);
    JSON.parse(readFileSync(join(experiment, "experiment.json"), "utf8"));
    for (const run of readdirSync(experiment, { withFileTypes: true })) {
      if (!run.isDirectory() || !RUN_ID.test(run.name)) continue;
      JSON.parse(readFileSync(join(experiment, run.name, "run.json"), "utf8"));
      runs++;
    }
  }
  return runs;
}
