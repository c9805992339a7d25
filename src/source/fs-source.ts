/**
 * The store as it is on disk. Reads are synchronous inside the async interface on purpose: for small files
 * `readFileSync` is several times cheaper than fs/promises' open, stat, read and close, each a thread-pool
 * round trip (measured in bench/: readStore went from 7× to ~2× its floor).
 */
import type { Dirent } from "node:fs";
import { constants, lstatSync, readdirSync, readFileSync } from "node:fs";
import { joinUnder } from "./join-under.js";
import type { EntryKind, SourceEntry, StoreSource } from "./store-source.js";

/**
 * readFileSync's options for a read that refuses a symbolic link. Node takes a numeric open(2) flag wherever
 * it takes a flag string ("File system flags" in its fs docs); the type declarations know only strings.
 */
const NO_FOLLOW = { encoding: "utf8", flag: constants.O_RDONLY | constants.O_NOFOLLOW } as unknown as { encoding: "utf8"; flag: string };

/**
 * The store folder `root` on the local disk.
 * @example const snapshot = await readStore(fsSource("mlruns"));
 */
export function fsSource(root: string): StoreSource {
  const under = joinUnder(root);
  return {
    root,
    kind: async (path) => {
      try {
        return kindOf(lstatSync(under(path)));
      } catch {
        return null;
      }
    },
    list: async (path) => listSync(under(path)),
    read: async (path) => readNoFollow(under(path)),
    readNow: (path) => readNoFollow(under(path)),
    locate: under,
    folder: root,
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
  // One call (Node's readFileUtf8 opens, reads and closes in C++): open + read(fd) + close cost ~40% more per
  // small file, and a store is mostly small files.
  return readFileSync(path, NO_FOLLOW);
}
