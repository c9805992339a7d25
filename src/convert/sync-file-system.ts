/**
 * Making many written files durable at once. An fsync per file costs a round trip to the disk each (about
 * 0.5 ms here, so 100,000 files took over a minute); one `syncfs(2)` of the file system that holds them
 * writes everything dirty in one pass. Node has no binding for syncfs, and coreutils' `sync -f <path>` is
 * exactly that call, in one child process. Where that command is missing or refuses `-f` (macOS, Windows,
 * busybox), every file and folder is fsynced instead, many at a time.
 */
import { execFile } from "node:child_process";
import { open } from "node:fs/promises";
import { mapLimit } from "../reader/map-limit.js";

const PARALLEL_FSYNCS = 16;

/**
 * Returns once everything written so far on the file system of `path` is on disk. `paths` (the files and
 * folders written) are fsynced one by one only when the one-call way is not available.
 * @example await syncFileSystem(stagingDir, () => staging.written());
 */
export async function syncFileSystem(path: string, paths: () => readonly string[]): Promise<"syncfs" | "fsync"> {
  if (await syncfs(path)) return "syncfs";
  await mapLimit(paths(), PARALLEL_FSYNCS, fsyncPath);
  return "fsync";
}

function syncfs(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("sync", ["-f", path], { windowsHide: true }, (error) => resolve(error === null));
  });
}

async function fsyncPath(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, "r");
    await handle.sync();
  } catch (error) {
    // Some systems (Windows) cannot open or fsync a folder; its entries are then as durable as the OS makes them.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EACCES") throw error;
  } finally {
    await handle?.close();
  }
}
