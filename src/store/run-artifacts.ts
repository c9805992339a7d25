/**
 * Writing a run's artifacts: files copied in, text and JSON written, each to a checked path inside the
 * run's `artifacts/` folder (never outside it). A refused write names the artifact's path (WRITE_FAILED).
 */
import { cpSync, existsSync, mkdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { describe } from "../format/keys.js";
import { FILE } from "../format/records.js";
import { checkArtifactPath } from "./artifact-path.js";
import { writeFailed } from "../errors.js";
import { writeFileAtomicSync, writeJsonSync } from "./write-file.js";
import { assertNotLink } from "./no-link.js";

/**
 * Where `artifactPath` goes in the run folder `runDir`, its folder created; throws INVALID_ARTIFACT_PATH, and
 * WRITE_FAILED when a folder on the way or the file is a symbolic link (a resumed run's folder came from a
 * clone).
 */
function artifactTarget(run: string, runDir: string, artifactPath: string): string {
  const relative = checkArtifactPath(run, artifactPath);
  const target = join(runDir, FILE.artifacts, relative);
  // Folder by folder, not `recursive: true`: on a read-only file system that reports ENOENT, not EROFS.
  let folder = runDir;
  for (const segment of [FILE.artifacts, ...relative.split("/").slice(0, -1)]) {
    folder = join(folder, segment);
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw writeFailed("create the artifact folder", folder, error);
    }
    assertNotLink("write the artifact into", folder);
  }
  assertNotLink("write the artifact", target);
  return target;
}

/** Copies a local file or folder (links followed) to `artifactPath`, by default its base name. */
export function copyArtifact(run: string, runDir: string, localPath: string, artifactPath?: string): void {
  const source = resolve(localPath);
  if (!existsSync(source)) {
    throw new RuntreeError(ErrorCode.ArtifactNotFound, `Run ${run}: cannot log artifact ${localPath}: no such file or folder.`, {
      run,
      file: localPath,
      expected: "an existing file or folder",
    });
  }
  const target = artifactTarget(run, runDir, artifactPath ?? basename(source));
  try {
    cpSync(source, target, { recursive: statSync(source).isDirectory(), force: true, dereference: true });
  } catch (error) {
    throw writeFailed("copy the artifact to", target, error);
  }
}

export function writeTextArtifact(run: string, runDir: string, text: string, artifactPath: string): void {
  writeFileAtomicSync(artifactTarget(run, runDir, artifactPath), String(text));
}

export function writeJsonArtifact(run: string, runDir: string, value: unknown, artifactPath: string): void {
  if (JSON.stringify(value) === undefined) {
    throw new RuntreeError(ErrorCode.InvalidValue, `Run ${run}: cannot log ${describe(value)} as JSON to ${JSON.stringify(artifactPath)}: it has no JSON form.`, {
      run,
      expected: "a JSON-serialisable value",
      found: describe(value),
    });
  }
  writeJsonSync(artifactTarget(run, runDir, artifactPath), value);
}
