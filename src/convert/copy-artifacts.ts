/**
 * Copies a run's `artifacts/` folder into another store through `put`, which writes each file where it
 * goes (a staging folder, see staging.ts: nothing is visible before the whole copy is durable). Files are
 * copied, not loaded (artifacts can be model checkpoints). Symbolic links are not followed: they could point
 * anywhere on the machine.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { listArtifacts } from "../reader/run-files.js";
import { inside } from "./inside.js";

export interface ArtifactCopy {
  readonly copied: number;
  /** Relative paths of files left alone because the destination already held different bytes. */
  readonly differing: readonly string[];
}

/**
 * @param mode "keep": an existing file with other bytes is left alone and listed in `differing`, one with
 *   the same bytes is not copied again (import never overwrites a run's data); "replace": every file is
 *   copied (export owns its output).
 * @param put copies the file `from` to `segments` below `toArtifactsDir`.
 */
export async function copyArtifacts(
  fromRunDir: string,
  toArtifactsDir: string,
  mode: "keep" | "replace",
  put: (from: string, segments: readonly string[]) => void,
): Promise<ArtifactCopy> {
  const paths = await listArtifacts({ dir: fromRunDir });
  let copied = 0;
  const differing: string[] = [];
  for (const path of paths) {
    const segments = path.split("/");
    const from = join(fromRunDir, "artifacts", ...segments);
    const to = inside(toArtifactsDir, ...segments);
    if (mode === "keep" && (await exists(to))) {
      if (!(await sameBytes(from, to))) differing.push(path);
      continue;
    }
    put(from, segments);
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
