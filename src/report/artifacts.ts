/**
 * Copies a run's artifacts into the site. An artifact folder is user data copied into something that gets
 * published, so each copy is checked twice: every path segment was validated when planning
 * (`site-names.ts`), and here no component of the source may be a symbolic link (a link could point at
 * any file on the machine) and the destination must resolve inside the output folder.
 */
import { constants } from "node:fs";
import { copyFile, lstat, mkdir } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../format/records.js";
import { sitePath } from "./links.js";

/** Why the source cannot be copied (a link, not a file, gone), or null when every component is plain. */
async function sourceProblem(base: string, segments: readonly string[]): Promise<string | null> {
  let path = base;
  for (const [index, segment] of ["", ...segments].entries()) {
    if (segment !== "") path = join(path, segment);
    let stats;
    try {
      stats = await lstat(path);
    } catch (error) {
      return `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`;
    }
    if (stats.isSymbolicLink()) return "symbolic link, not copied";
    const last = index === segments.length;
    if (last ? !stats.isFile() : !stats.isDirectory()) return last ? "not a regular file" : "not a folder";
  }
  return null;
}

/**
 * Copies one artifact (`segments` from `artifactSegments`) of `run` to `runs/<id>/artifacts/...` under
 * `outDir`. Returns a problem instead of copying when the source is unsafe or unreadable.
 */
export async function copyArtifact(run: RunRecord, segments: readonly string[], outDir: string): Promise<Problem | null> {
  const display = `${run.experimentDir}/${run.id}/${FILE.artifacts}/${segments.join("/")}`;
  const base = join(run.dir, FILE.artifacts);
  const problem = await sourceProblem(base, segments);
  if (problem !== null) return { file: display, code: "ARTIFACT_SKIPPED", message: problem };
  const root = resolve(outDir);
  const target = resolve(root, ...sitePath.artifact(run.id, segments).split("/"));
  if (!target.startsWith(root + sep)) {
    return { file: display, code: "UNSAFE_ARTIFACT_PATH", message: "would be written outside the report; not copied" };
  }
  try {
    await mkdir(dirname(target), { recursive: true });
    // The output folder is fresh: an existing file here means two artifacts claimed one path.
    await copyFile(join(base, ...segments), target, constants.COPYFILE_EXCL);
  } catch (error) {
    // The code, not the message: messages hold absolute paths, and the report must not depend on them.
    return { file: display, code: "ARTIFACT_SKIPPED", message: `not copied (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  return null;
}
