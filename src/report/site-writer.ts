/**
 * Writes the site into its folder in place, touching only files whose bytes change: a file that already
 * holds the bytes it would get is left alone (its mtime too), so a rebuild rewrites what changed and
 * nothing else. A file that is replaced is written beside it and renamed over it, so a page open in a
 * browser (`report --watch`) reads the old bytes or the new ones, never half of each.
 *
 * Every file is recorded with its size under the group of inputs it was made from (see page-keys.ts): the
 * next build's manifest is made of these records, and whatever the previous build wrote that this one did
 * not is stale (stale-files.ts).
 */
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { isSitePath } from "./build-manifest.js";
import { siteFolders } from "./site-folders.js";
import { joinUnder } from "../source/join-under.js";

export interface SiteWriter {
  /** Writes site file `path` (posix, relative) as part of `group`, unless it already holds `content`. */
  write(group: string, path: string, content: string): void;
  /** Copies the file `source` to `path` the same way; returns an errno code when it cannot, else null. */
  copy(group: string, path: string, source: string): string | null;
  /**
   * Takes over files the previous build made for `group`, unchanged: true when they are still there, false
   * (and nothing taken) otherwise, and then the group must be made again. "There" is checked by folder (a
   * run's or an experiment's folder in the site, listed once): a look at every file would cost as much as
   * the rest of a rebuild that renders nothing.
   */
  keep(group: string, files: Readonly<Record<string, number>>): boolean;
  /** Whether this build already made `path` (two artifacts can claim one published name). */
  has(path: string): boolean;
  /** The files of each group, as made or kept by this build. */
  groups(): ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** Files written (new or changed) so far. */
  readonly written: number;
  /** The site's folders listed so far, with what they hold (a page worker starts from them). */
  listed(): ReadonlyMap<string, ReadonlySet<string>>;
  /** The groups recorded since the last call (all of each), forgotten here: a page worker hands them over. */
  drain(): Array<[string, Record<string, number>]>;
  /** Records what another writer made into the same site (its `drain`, and how many files it wrote). */
  adopt(groups: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]>, written: number): void;
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? "error";
}

/** `seed`: listings of the site's folders that are still true (see site-folders.ts). */
export function siteWriter(root: string, seed?: ReadonlyMap<string, ReadonlySet<string>>): SiteWriter {
  const groups = new Map<string, Record<string, number>>();
  const made = new Set<string>();
  /** Groups recorded since the last `drain`. */
  const touched = new Set<string>();
  let written = 0;
  let temps = 0;
  const fileOf = joinUnder(root);
  const folders = siteFolders(root, seed);
  const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));
  const nameOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);
  /** Whether the site has an entry at `path`, from its folder's listing (made when missing). */
  const present = (path: string) => folders.has(folderOf(path), nameOf(path));
  /** Whether the folder `a/b` of the site path `a/b/...` is there (a shorter path: whether the file is). */
  const folderPresent = (path: string): boolean => {
    const parts = path.split("/");
    // Listed once, with what this build added since: a folder it made holds nothing an earlier build wrote.
    return parts.length < 3 ? existsSync(fileOf(path)) : folders.peek(parts[0]!, parts[1]!) && !folders.made(`${parts[0]}/${parts[1]}`);
  };
  const record = (group: string, path: string, size: number) => {
    let files = groups.get(group);
    if (!files) groups.set(group, (files = {}));
    files[path] = size;
    made.add(path);
    touched.add(group);
  };
  /** Puts new bytes at site path `path`: straight there when it is new, else through a temp file and a rename. */
  const place = (path: string, exists: boolean, put: (target: string) => void) => {
    const file = fileOf(path);
    if (!exists) {
      folders.ensure(folderOf(path));
      put(file);
      folders.add(folderOf(path), nameOf(path));
    } else {
      // In the report's root, on its file system: the rename is atomic, and no site path starts with it.
      // Named by process and thread: page workers (page-pool.ts) write into the same root.
      const temp = join(root, `.runtree-tmp-${process.pid}-${threadId}-${temps++}`);
      put(temp);
      renameSync(temp, file);
    }
    written++;
  };
  /** The bytes at site path `path`, or null when there is no file (a folder in the way is removed). */
  const current = (path: string): Buffer | null => {
    if (!present(path)) return null;
    const file = fileOf(path);
    try {
      return readFileSync(file);
    } catch (error) {
      if (errnoOf(error) === "EISDIR") {
        rmSync(file, { recursive: true, force: true });
        folders.forget(path);
      }
      return null;
    }
  };
  return {
    write(group, path, content) {
      if (!present(path)) {
        // A new file (most of a first build): written from the string, with no copy of its bytes made here.
        place(path, false, (target) => writeFileSync(target, content));
        record(group, path, Buffer.byteLength(content, "utf8"));
        return;
      }
      const bytes = Buffer.from(content, "utf8");
      const old = current(path);
      if (old === null || !old.equals(bytes)) place(path, old !== null, (target) => writeFileSync(target, bytes));
      record(group, path, bytes.length);
    },
    copy(group, path, source) {
      const file = fileOf(path);
      try {
        const size = statSync(source).size;
        let existing: number | null = null;
        try {
          if (present(path)) existing = statSync(file).size;
        } catch {
          // a new file
        }
        // Sizes first: most changed artifacts change size, and then neither file needs reading.
        const same = existing === size && readFileSync(file).equals(readFileSync(source));
        if (!same) place(path, existing !== null, (target) => copyFileSync(source, target));
        record(group, path, size);
        return null;
      } catch (error) {
        return errnoOf(error);
      }
    },
    keep(group, files) {
      const paths = Object.keys(files);
      if (!paths.every((path) => isSitePath(path) && folderPresent(path))) return false;
      for (const path of paths) record(group, path, files[path]!);
      return true;
    },
    has: (path) => made.has(path),
    groups: () => groups,
    get written() {
      return written;
    },
    listed: () => folders.listed(),
    drain() {
      const out: Array<[string, Record<string, number>]> = [];
      for (const group of touched) {
        out.push([group, groups.get(group)!]);
        groups.delete(group);
      }
      touched.clear();
      return out;
    },
    adopt(adopted, count) {
      for (const [group, files] of adopted) for (const path of Object.keys(files)) record(group, path, files[path]!);
      written += count;
    },
  };
}
