/**
 * The writer never writes through a symbolic link inside the store. A store is shared through git, which
 * keeps links: a cloned experiment folder, a run's `artifacts/` or its `metrics.jsonl` could be a link to
 * any folder or file on the machine, and logging into it would write there. The reader never follows
 * such links either (it names them); here they are refused with WRITE_FAILED (ELOOP), naming the path.
 */
import { lstatSync } from "node:fs";
import { writeFailed } from "../errors.js";

/** Throws WRITE_FAILED when `path` is a symbolic link; anything else (a folder, a file, nothing) passes. */
export function assertNotLink(action: string, path: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return;
  }
  if (link) throw writeFailed(action, path, Object.assign(new Error(`${path} is a symbolic link`), { code: "ELOOP" }));
}
