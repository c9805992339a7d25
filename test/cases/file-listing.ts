/**
 * Every file, folder and link under a folder, listed without following links, with what each holds: a
 * test lists before and after and proves that nothing outside the places a command may write changed.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, sep } from "node:path";

/** Relative path (with `/`) → "dir", "file <sha256>" or "link → <target>". */
export type Listing = ReadonlyMap<string, string>;

/** Lists `root` recursively; links are listed with their target and never followed. */
export function listTree(root: string): Listing {
  const listing = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const relative = prefix + name;
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) listing.set(relative, `link → ${readlinkSync(path)}`);
      else if (stats.isDirectory()) {
        listing.set(relative, "dir");
        walk(path, `${relative}/`);
      } else listing.set(relative, `file ${createHash("sha256").update(readFileSync(path)).digest("hex")}`);
    }
  };
  walk(root, "");
  return listing;
}

/**
 * Asserts that every path added, changed or removed between `before` and `after` lies inside one of the
 * `writable` folders (relative to the listed root), and returns the paths that changed.
 */
export function assertChangesOnlyIn(before: Listing, after: Listing, writable: readonly string[]): string[] {
  const inside = (path: string) => writable.some((folder) => path === folder || path.startsWith(`${folder}/`));
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
  const outside = changed.filter((path) => !inside(path));
  assert.deepEqual(
    outside.map((path) => `${path}: ${before.get(path) ?? "absent"} → ${after.get(path) ?? "absent"}`),
    [],
    `only ${writable.join(", ")} may change`,
  );
  return changed;
}

/** The files under `root` (from its listing) whose bytes contain `needle`. */
export function filesContaining(root: string, listing: Listing, needle: string): string[] {
  return [...listing]
    .filter(([, kind]) => kind.startsWith("file "))
    .map(([path]) => path)
    .filter((path) => readFileSync(join(root, ...path.split("/"))).includes(needle));
}

/** `path` relative to `root`, with `/`. */
export function relativeTo(root: string, path: string): string {
  return path.slice(root.length + 1).split(sep).join("/");
}
