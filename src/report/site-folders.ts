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
  /** Makes `folder` (and its parents) when missing; lists it when it is there. */
  ensure(folder: string): void;
  /** Records that `name` is now in `folder` (made by the writer). */
  add(folder: string, name: string): void;
  /** Forgets what is known of `path` and below it (a folder removed to make way for a file). */
  forget(path: string): void;
}

/**
 * Listings of the site's top folders (`runs`, `experiments`) taken before the build holds the output's lock, to
 * learn what an earlier report left; the writer takes them over when no other build wrote in between (`seed`),
 * so that a folder of 100,000 run pages is listed once per build, not once per question.
 */
export interface SiteListings {
  /** The names in top folder `folder` of the site, or null when it is not a folder. */
  names(folder: string): ReadonlySet<string> | null;
  /** What was listed, for `siteFolders`' seed. */
  readonly listed: ReadonlyMap<string, ReadonlySet<string>>;
}

export function siteListings(root: string): SiteListings {
  const listed = new Map<string, ReadonlySet<string>>();
  const missing = new Set<string>();
  return {
    names(folder) {
      const known = listed.get(folder);
      if (known !== undefined) return known;
      if (missing.has(folder)) return null;
      try {
        const found = new Set(readdirSync(join(root, folder)));
        listed.set(folder, found);
        return found;
      } catch {
        missing.add(folder);
        return null;
      }
    },
    listed,
  };
}

/** The folders of the site at `root`, an existing folder; `seed`: listings still true (copied, not shared). */
export function siteFolders(root: string, seed: ReadonlyMap<string, ReadonlySet<string>> = new Map()): SiteFolders {
  const known = new Map<string, Set<string>>([...seed].map(([folder, names]) => [folder, new Set(names)]));
  const made = new Set<string>();
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
    return found;
  };
  return {
    has: (folder, name) => names(folder).has(name),
    made: (folder) => made.has(folder),
    peek(folder, name) {
      const found = known.get(folder);
      if (found) return found.has(name);
      try {
        const listed = new Set(readdirSync(join(root, ...(folder === "" ? [] : folder.split("/")))));
        known.set(folder, listed);
        return listed.has(name);
      } catch {
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
