import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";

/** Sorted names of the sub-directories of `dir` that pass `keep`; none when `dir` cannot be read. */
export async function listDirs(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && keep(entry.name))
    .map((entry) => entry.name)
    .sort();
}
