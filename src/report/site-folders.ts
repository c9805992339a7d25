/**
 * What the site's folders hold, each listed once per build, so that writing a file costs its write and
 * nothing else: no failed open to learn that a new file is new, no `mkdir` per file. A folder that is not
 * there is made (its parent listed or made first) and known to be empty. The build holds the output's lock,
 * so nothing else adds or removes files while it writes; the site writer tells this what it adds.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface SiteFolders {
  /** Whether the site folder `folder` (posix, relative; "" for the root) has an entry `name`; makes `folder` when missing. */
  has(folder: string, name: string): boolean;
  /** The same question, making nothing: false when `folder` is not there. */
  peek(folder: string, name: string): boolean;
  /** Whether this build made `folder` (so nothing an earlier build wrote is in it). */
  made(folder: string): boolean;
  /**
   * Every folder listed so far, with what it holds. A build looks (`peek`) before it holds the output's lock;
   * when no other build wrote in between, the writer starts from these listings (`seed`), so that a folder of
   * 100,000 run pages is listed once per build.
   */
  listed(): ReadonlyMap<string, ReadonlySet<string>>;
  /** Makes `folder` (and its parents) when missing; lists it when it is there. */
  ensure(folder: string): void;
  /** Records that `name` is now in `folder` (made by the writer). */
  add(folder: string, name: string): void;
  /** Forgets what is known of `path` and below it (a folder removed to make way for a file). */
  forget(path: string): void;
}

/** The folders of the site at `root`, an existing folder; `seed`: listings still true (copied, not shared). */
export function siteFolders(root: string, seed: ReadonlyMap<string, ReadonlySet<string>> = new Map()): SiteFolders {
  const known = new Map<string, Set<string>>([...seed].map(([folder, names]) => [folder, new Set(names)]));
  const made = new Set<string>();
  /** Folders `peek` found missing (asked about once, not once per name). */
  const absent = new Set<string>();
  const parentOf = (folder: string) => folder.slice(0, Math.max(0, folder.lastIndexOf("/")));
  const nameOf = (folder: string) => folder.slice(folder.lastIndexOf("/") + 1);
  const names = (folder: string): Set<string> => {
    let found = known.get(folder);
    if (found) return found;
    const path = join(root, ...(folder === "" ? [] : folder.split("/")));
    if (folder !== "" && !names(parentOf(folder)).has(nameOf(folder))) {
      // Not in its parent's listing: a new folder, empty. Recursive, as before, in case it raced in anyway.
      mkdirSync(path, { recursive: true });
      found = new Set();
      known.get(parentOf(folder))!.add(nameOf(folder));
      made.add(folder);
    } else {
      try {
        found = new Set(readdirSync(path));
      } catch {
        // Not a folder (a file in the way): mkdir says why, as it did before this cache.
        mkdirSync(path, { recursive: true });
        found = new Set(readdirSync(path));
      }
    }
    known.set(folder, found);
    absent.delete(folder);
    return found;
  };
  return {
    has: (folder, name) => names(folder).has(name),
    made: (folder) => made.has(folder),
    listed: () => known,
    peek(folder, name) {
      const found = known.get(folder);
      if (found) return found.has(name);
      if (absent.has(folder)) return false;
      try {
        const listed = new Set(readdirSync(join(root, ...(folder === "" ? [] : folder.split("/")))));
        known.set(folder, listed);
        return listed.has(name);
      } catch {
        absent.add(folder);
        return false;
      }
    },
    ensure: (folder) => void names(folder),
    add: (folder, name) => void names(folder).add(name),
    forget: (path) => {
      for (const folder of known.keys()) if (folder === path || folder.startsWith(`${path}/`)) known.delete(folder);
    },
  };
}
