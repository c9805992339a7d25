/**
 * Copies a run's `artifacts/` folder into another store. Each file is copied to a temp file beside the
 * store's root and renamed into place, so a reader never sees half a file, and files are streamed rather
 * than loaded (artifacts can be model checkpoints). Symbolic links are not followed: they could point
 * anywhere on the machine.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { listArtifacts } from "../reader/run-files.js";
import { assertReallyInside, inside } from "./inside.js";

export interface ArtifactCopy {
  readonly copied: number;
  /** Relative paths of files left alone because the destination already held different bytes. */
  readonly differing: readonly string[];
}

/**
 * @param mode "keep": an existing file with other bytes is left alone and listed in `differing` (import
 *   never overwrites a run's data); "replace": destination files are overwritten (export owns its output).
 * @param tmpDir a folder on the destination's file system, for the temp files.
 */
export async function copyArtifacts(
  fromRunDir: string,
  toArtifactsDir: string,
  mode: "keep" | "replace",
  tmpDir: string,
): Promise<ArtifactCopy> {
  const paths = await listArtifacts({ dir: fromRunDir });
  let copied = 0;
  const differing: string[] = [];
  for (const path of paths) {
    const from = join(fromRunDir, "artifacts", ...path.split("/"));
    const to = inside(toArtifactsDir, ...path.split("/"));
    if (mode === "keep" && (await exists(to))) {
      if (!(await sameBytes(from, to))) differing.push(path);
      continue;
    }
    await mkdir(dirname(to), { recursive: true });
    await assertReallyInside(toArtifactsDir, dirname(to));
    const tmp = join(tmpDir, randomBytes(8).toString("hex"));
    try {
      await copyFile(from, tmp);
      await rename(tmp, to);
    } finally {
      await rm(tmp, { force: true });
    }
    copied++;
  }
  return { copied, differing };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b)]);
  if (sa.size !== sb.size) return false;
  const [ha, hb] = await Promise.all([digest(a), digest(b)]);
  return ha === hb;
}

function digest(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}
