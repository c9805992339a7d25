/**
 * MLflow stores each param, tag and metric as one file named by its key, and a `/` in a key makes
 * sub-folders: the param `optim/name` is the file `params/optim/name`. This walks such a folder back into
 * keys. A missing folder is normal (git drops empty folders), so it lists nothing.
 */
import { sortKeys } from "../format/stable-json.js";
import type { SourceEntry, StoreSource } from "../source/store-source.js";

export interface KeyFile {
  /** The key, with `/` between folder levels. */
  readonly key: string;
  /** Path of the file relative to the source's root. */
  readonly path: string;
}

export interface KeyFileListing {
  readonly files: readonly KeyFile[];
  /** Entries that are neither files nor folders (a symbolic link could point anywhere on the machine). */
  readonly skipped: readonly string[];
}

/** Every file below the folder `dir` of `source`, as keys sorted in code-unit order. */
export async function listKeyFiles(source: StoreSource, dir: string): Promise<KeyFileListing> {
  const files: KeyFile[] = [];
  const skipped: string[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const entries: readonly SourceEntry[] = await source.list(folder);
    for (const entry of entries) {
      const key = prefix + entry.name;
      if (entry.kind === "file") files.push({ key, path: `${folder}/${entry.name}` });
      else if (entry.kind === "dir") await walk(`${folder}/${entry.name}`, `${key}/`);
      else skipped.push(key);
    }
  };
  await walk(dir, "");
  // Listings come in whatever order the file system keeps; a look costs less than a sort when it is sorted.
  if (files.some((file, i) => i > 0 && files[i - 1]!.key > file.key)) files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  sortKeys(skipped);
  return { files, skipped };
}
