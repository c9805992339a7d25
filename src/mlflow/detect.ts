import { fsSource } from "../source/fs-source.js";
import type { StoreSource } from "../source/store-source.js";

/**
 * Whether `root` looks like MLflow's file store rather than a runtree store: some experiment folder holds a
 * `meta.yaml` (MLflow always creates `0/meta.yaml`) and none holds an `experiment.json`. False for a missing
 * or empty folder.
 * @example if (await isMlflowStore("mlruns")) snapshot = await readMlflowStore("mlruns");
 */
export async function isMlflowStore(from: string | StoreSource): Promise<boolean> {
  const source = typeof from === "string" ? fsSource(from) : from;
  const folders = (await source.list("")).filter((entry) => entry.kind === "dir" && !entry.name.startsWith(".")).map((entry) => entry.name);
  let sawMeta = false;
  for (const folder of folders) {
    if ((await source.kind(`${folder}/experiment.json`)) !== null) return false;
    if (!sawMeta && (await source.kind(`${folder}/meta.yaml`)) !== null) sawMeta = true;
  }
  return sawMeta;
}
