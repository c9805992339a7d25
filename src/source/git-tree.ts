/**
 * The listing of a tree at one commit, from `git ls-tree -r -t -z`: every folder and file below the store,
 * by path relative to it, with each file's blob id. Folders are answered from this index alone; only file
 * contents need git again.
 */
import type { EntryKind, SourceEntry } from "./store-source.js";

export interface TreeIndex {
  /** Entries of each folder ("" is the root), sorted by name. */
  readonly folders: ReadonlyMap<string, readonly SourceEntry[]>;
  /** Blob ids of regular files. */
  readonly blobs: ReadonlyMap<string, string>;
  readonly kinds: ReadonlyMap<string, EntryKind>;
}

/**
 * Parses `ls-tree -r -t -z` output: `<mode> <type> <object>\t<path>\0` per entry. Modes 100644 and 100755
 * are files; 040000 is a folder; a symbolic link (120000) is `link`, as on disk, and readers never follow
 * it; a submodule (160000) is `other`.
 * @example parseTree(Buffer.from("100644 blob 3b18e5...\trun.json\0")).blobs.get("run.json")
 */
export function parseTree(output: Buffer): TreeIndex {
  const folders = new Map<string, SourceEntry[]>([["", []]]);
  const blobs = new Map<string, string>();
  const kinds = new Map<string, EntryKind>([["", "dir"]]);
  const text = output.toString("utf8");
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\0", start);
    if (end < 0) end = text.length;
    const record = text.slice(start, end);
    start = end + 1;
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const [mode, , object] = record.slice(0, tab).split(" ");
    const path = record.slice(tab + 1);
    const kind: EntryKind = mode === "040000" ? "dir" : mode === "100644" || mode === "100755" ? "file" : mode === "120000" ? "link" : "other";
    kinds.set(path, kind);
    if (kind === "dir") folders.set(path, folders.get(path) ?? []);
    if (kind === "file" && object !== undefined) blobs.set(path, object);
    const slash = path.lastIndexOf("/");
    const parent = slash < 0 ? "" : path.slice(0, slash);
    let siblings = folders.get(parent);
    if (siblings === undefined) {
      siblings = [];
      folders.set(parent, siblings);
    }
    siblings.push({ name: path.slice(slash + 1), kind });
  }
  for (const entries of folders.values()) entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { folders, blobs, kinds };
}
