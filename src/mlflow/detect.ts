import type { Dirent } from "node:fs";
import { access, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Whether `root` looks like MLflow's file store rather than a runtree store: some experiment folder holds a
 * `meta.yaml` (MLflow always creates `0/meta.yaml`) and none holds an `experiment.json`. False for a missing
 * or empty folder.
 * @example if (await isMlflowStore("mlruns")) snapshot = await readMlflowStore("mlruns");
 */
export async function isMlflowStore(root: string): Promise<boolean> {
  let entries: Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return false;
  }
  const folders = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith(".")).map((entry) => entry.name);
  let sawMeta = false;
  for (const folder of folders.sort()) {
    if (await exists(join(root, folder, "experiment.json"))) return false;
    if (!sawMeta && (await exists(join(root, folder, "meta.yaml")))) sawMeta = true;
  }
  return sawMeta;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
