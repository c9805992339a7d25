/**
 * Copies a run's artifacts into the site. An artifact folder is user data copied into something that gets
 * published, so each copy is checked twice: every path segment was validated when planning
 * (`site-names.ts`), and here no component of the source may be a symbolic link (a link could point at
 * any file on the machine) and the destination must resolve inside the output folder.
 */
import { lstat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../format/records.js";
import { sitePath } from "./links.js";
import type { SiteWriter } from "./site-writer.js";

/** Why the source cannot be copied (a link, not a file, gone), or null when every component is plain. */
export async function sourceProblem(base: string, segments: readonly string[]): Promise<string | null> {
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
 * Copies one artifact (`segments` from `artifactSegments`) of `run` to `runs/<id>/artifacts/...` in the site
 * that `writer` writes at `outDir`, as part of `group`. Returns a problem instead of copying when the source
 * is unsafe or unreadable, or when another artifact of the run already took the published name.
 */
export async function copyArtifact(
  run: RunRecord,
  segments: readonly string[],
  outDir: string,
  writer: SiteWriter,
  group: string,
): Promise<Problem | null> {
  const display = `${run.experimentDir}/${run.id}/${FILE.artifacts}/${segments.join("/")}`;
  const base = join(run.dir, FILE.artifacts);
  const problem = await sourceProblem(base, segments);
  if (problem !== null) return { file: display, code: "ARTIFACT_SKIPPED", message: problem };
  const root = resolve(outDir);
  const path = sitePath.artifact(run.id, segments);
  if (!resolve(root, ...path.split("/")).startsWith(root + sep)) {
    return { file: display, code: "UNSAFE_ARTIFACT_PATH", message: "would be written outside the report; not copied" };
  }
  // `a.html` is published as `a.html.txt`: a real `a.html.txt` beside it claims the same name.
  // The code, not the message: messages hold absolute paths, and the report must not depend on them.
  const code = writer.has(path) ? "EEXIST" : writer.copy(group, path, join(base, ...segments));
  return code === null ? null : { file: display, code: "ARTIFACT_SKIPPED", message: `not copied (${code})` };
}
