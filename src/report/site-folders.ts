/**
 * What the site's folders hold, each listed once per build, so that writing a file costs its write and
 * nothing else: no failed open to learn that a new file is new, no `mkdir` per file. A folder that is not
 * there is made (its parent listed or made first) and known to be empty. The build holds the output's lock,
 * so nothing else adds or removes files while it writes; the site writer tells this what it adds.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface SiteFolders {
  /** Whether the site folder `folder` (posix, relative; "" for the root) has an entry `name`. */
  has(folder: string, name: string): boolean;
  /** Makes `folder` (and its parents) when missing; lists it when it is there. */
  ensure(folder: string): void;
  /** Records that `name` is now in `folder` (made by the writer). */
  add(folder: string, name: string): void;
  /** Forgets what is known of `path` and below it (a folder removed to make way for a file). */
  forget(path: string): void;
}

/** The folders of the site at `root`, an existing folder. */
export function siteFolders(root: string): SiteFolders {
  const known = new Map<string, Set<string>>();
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
    return found;
  };
  return {
    has: (folder, name) => names(folder).has(name),
    ensure: (folder) => void names(folder),
    add: (folder, name) => void names(folder).add(name),
    forget: (path) => {
      for (const folder of known.keys()) if (folder === path || folder.startsWith(`${path}/`)) known.delete(folder);
    },
  };
}
