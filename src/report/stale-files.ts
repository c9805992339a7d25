/**
 * After a build has written its files: what is in the folder but not in the report any more goes (the page
 * of a deleted run, a history chunk a shorter history no longer needs), and so do folders left empty.
 *
 * With a trusted manifest the previous build's files are known, and only those not made again are removed.
 * Without one (the first build here, a report from another runtree or other options, a build that was
 * interrupted) the folder is walked, and everything but this build's files and the folder's bookkeeping is
 * removed: that is what makes such a rebuild "clean".
 */
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { groupIn, isSitePath, type BuildManifest } from "./build-manifest.js";

/** Every file (anything but a folder) below `root`, as site paths, and every folder, deepest first. */
function walk(root: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const visit = (prefix: string) => {
    let entries;
    try {
      entries = readdirSync(prefix === "" ? root : join(root, ...prefix.split("/")), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      // A symbolic link is an entry, never followed: removing it removes the link, not what it points at.
      if (entry.isDirectory()) {
        visit(path);
        dirs.push(path);
      } else files.push(path);
    }
  };
  visit("");
  return { files, dirs };
}

/** Removes `dir` and then each parent that is left empty, up to (not including) the root. */
function pruneUp(root: string, path: string): void {
  const parts = path.split("/");
  for (let n = parts.length - 1; n >= 1; n--) {
    try {
      rmdirSync(join(root, ...parts.slice(0, n)));
    } catch {
      return; // not empty (or already gone): its parents are not empty either
    }
  }
}

/**
 * Removes from `root` what this build did not make; `keep` tells the folder's bookkeeping files (marker,
 * manifest, lock) apart. Returns how many files were removed.
 * The groups of the store folders in `carried` (taken over whole) are all kept: they are not even read.
 */
export function removeStale(
  root: string,
  made: (path: string) => boolean,
  previous: BuildManifest | null,
  keep: (path: string) => boolean,
  carried: ReadonlySet<string> = new Set(),
): number {
  let removed = 0;
  if (previous) {
    const folders = [null, ...[...previous.folders.keys()].filter((dir) => !carried.has(dir))];
    for (const dir of folders) {
      for (const name of Object.keys(dir === null ? previous.siteGroups : previous.groupsOf(dir))) {
        for (const path of Object.keys(groupIn(previous, name, dir)?.files ?? {})) {
          if (made(path) || !isSitePath(path) || keep(path)) continue;
          rmSync(join(root, ...path.split("/")), { force: true });
          removed++;
          pruneUp(root, path);
        }
      }
    }
    return removed;
  }
  const { files, dirs } = walk(root);
  for (const path of files) {
    if (made(path) || keep(path)) continue;
    rmSync(join(root, ...path.split("/")), { force: true });
    removed++;
  }
  for (const dir of dirs) {
    try {
      rmdirSync(join(root, ...dir.split("/")));
    } catch {
      // not empty
    }
  }
  return removed;
}
