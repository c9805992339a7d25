/**
 * The store as it is on disk. Reads are synchronous inside the async interface on purpose: for small files
 * `readFileSync` is several times cheaper than fs/promises' open, stat, read and close, each a thread-pool
 * round trip (measured in bench/: readStore went from 7× to ~2× its floor).
 */
import type { Dirent } from "node:fs";
import { closeSync, constants, lstatSync, openSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EntryKind, SourceEntry, StoreSource } from "./store-source.js";

/**
 * The store folder `root` on the local disk.
 * @example const snapshot = await readStore(fsSource("mlruns"));
 */
export function fsSource(root: string): StoreSource {
  return {
    root,
    kind: async (path) => {
      try {
        return kindOf(lstatSync(join(root, path)));
      } catch {
        return null;
      }
    },
    list: async (path) => listSync(join(root, path)),
    read: async (path) => readNoFollow(join(root, path)),
    locate: (path) => join(root, path),
  };
}

function listSync(dir: string): SourceEntry[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.map((entry) => ({ name: entry.name, kind: kindOf(entry) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function kindOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  return entry.isFile() ? "file" : entry.isDirectory() ? "dir" : entry.isSymbolicLink() ? "link" : "other";
}

/**
 * A file's text, refusing (ELOOP) when the file is a symbolic link: a link in a store could point at any
 * file on the machine, and what a reader reads may end up in a published report.
 */
function readNoFollow(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}
