import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FILE } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";

/**
 * The experiment folders that hold a run folder named `id`, sorted: a direct look-up (one `stat` per
 * experiment) instead of reading the whole store. Usually one; more means a copied run, which the reader
 * then judges by what the run.json inside says.
 */
export function experimentDirsOf(root: string, id: string): string[] {
  if (!RUN_ID.test(id)) return [];
  let dirs: string[];
  try {
    dirs = readdirSync(root);
  } catch {
    return [];
  }
  return dirs.filter((dir) => !dir.startsWith(".") && existsSync(join(root, dir, id, FILE.run))).sort();
}
