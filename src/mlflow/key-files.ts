/**
 * MLflow stores each param, tag and metric as one file named by its key, and a `/` in a key makes
 * sub-folders: the param `optim/name` is the file `params/optim/name`. This walks such a folder back into
 * keys. A missing folder is normal (git drops empty folders), so it lists nothing.
 */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";

export interface KeyFile {
  /** The key, with `/` between folder levels. */
  readonly key: string;
  /** Absolute path of the file. */
  readonly path: string;
}

export interface KeyFileListing {
  readonly files: readonly KeyFile[];
  /** Entries that are neither files nor folders (a symbolic link could point anywhere on the machine). */
  readonly skipped: readonly string[];
}

/** Every file below `dir`, as keys sorted in code-unit order. */
export async function listKeyFiles(dir: string): Promise<KeyFileListing> {
  const files: KeyFile[] = [];
  const skipped: string[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const key = prefix + entry.name;
      if (entry.isFile()) files.push({ key, path: join(folder, entry.name) });
      else if (entry.isDirectory()) await walk(join(folder, entry.name), `${key}/`);
      else skipped.push(key);
    }
  };
  await walk(dir, "");
  files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  skipped.sort();
  return { files, skipped };
}
