import { existsSync, lstatSync, readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { FILE } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";

/**
 * The experiment folders that hold a run folder named `id`, sorted: a direct look-up (one `stat` per
 * experiment) instead of reading the whole store. Usually one; more means a copied run, which the reader
 * then judges by what the run.json inside says. Symbolic links (to an experiment or a run) are not followed.
 */
export function experimentDirsOf(root: string, id: string): string[] {
  if (!RUN_ID.test(id)) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && isRunFolder(join(root, entry.name, id)))
    .map((entry) => entry.name)
    .sort();
}

function isRunFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory() && existsSync(join(path, FILE.run));
  } catch {
    return false;
  }
}
