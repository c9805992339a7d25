/**
 * Writing a run's artifacts: files and folders copied in, text and JSON written, each under `artifacts/`
 * at a checked relative path (no way out of the folder). Used by `Run`, which checks first that it is open.
 */
import { cpSync, existsSync, mkdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { describe } from "../format/keys.js";
import { FILE } from "../format/records.js";
import { checkArtifactPath } from "./artifact-path.js";
import { writeFileAtomicSync, writeJsonSync } from "./write-file.js";

/** The artifact's absolute path in the run's folder `runDir`, its parent folders created. */
function target(runId: string, runDir: string, artifactPath: string): string {
  const relative = checkArtifactPath(runId, artifactPath);
  const path = join(runDir, FILE.artifacts, relative);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

export function copyArtifact(runId: string, runDir: string, localPath: string, artifactPath?: string): void {
  const source = resolve(localPath);
  if (!existsSync(source)) {
    throw new RuntreeError(ErrorCode.ArtifactNotFound, `Run ${runId}: cannot log artifact ${localPath}: no such file or folder.`, {
      run: runId,
      file: localPath,
      expected: "an existing file or folder",
    });
  }
  const path = target(runId, runDir, artifactPath ?? basename(source));
  cpSync(source, path, { recursive: statSync(source).isDirectory(), force: true, dereference: true });
}

export function writeTextArtifact(runId: string, runDir: string, text: string, artifactPath: string): void {
  writeFileAtomicSync(target(runId, runDir, artifactPath), String(text));
}

export function writeJsonArtifact(runId: string, runDir: string, value: unknown, artifactPath: string): void {
  if (JSON.stringify(value) === undefined) {
    throw new RuntreeError(ErrorCode.InvalidValue, `Run ${runId}: cannot log ${describe(value)} as JSON to ${JSON.stringify(artifactPath)}: it has no JSON form.`, {
      run: runId,
      expected: "a JSON-serialisable value",
      found: describe(value),
    });
  }
  writeJsonSync(target(runId, runDir, artifactPath), value);
}
