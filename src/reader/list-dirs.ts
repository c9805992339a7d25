import type { StoreSource } from "../source/store-source.js";

/** Sorted names of the sub-folders of `dir` (relative to the source's root) that pass `keep`; none when it cannot be read. */
export async function listDirs(source: StoreSource, dir: string, keep: (name: string) => boolean): Promise<string[]> {
  return (await source.list(dir)).filter((entry) => entry.kind === "dir" && keep(entry.name)).map((entry) => entry.name);
}
