import { ErrorCode, RuntreeError } from "../errors.js";

/** The longest file name of ext4, xfs, btrfs, APFS and NTFS (in bytes, or UTF-16 units on NTFS). */
const MAX_SEGMENT_BYTES = 255;

/**
 * An artifact's path inside `artifacts/`: relative, `/`-separated, no empty, `.` or `..` segment, no
 * backslash or NUL. Anything else could write outside the run's folder. Each segment is a file or folder
 * name, so at most 255 bytes (UTF-8): the limit of common file systems, refused here by name rather than
 * by the file system's ENAMETOOLONG after the folders on the way were made.
 */
export function checkArtifactPath(run: string, path: unknown): string {
  const problem = artifactPathProblem(path);
  if (problem === null) return path as string;
  throw new RuntreeError(
    ErrorCode.InvalidArtifactPath,
    `Run ${run}: invalid artifact path ${JSON.stringify(path)}: expected ${problem}.`,
    { run, expected: problem, found: String(path) },
  );
}

export function artifactPathProblem(path: unknown): string | null {
  if (typeof path !== "string" || path === "") return "a non-empty relative path";
  if (path.length > 1000) return "at most 1000 characters";
  if (/[\\\0]/.test(path)) return "no backslash or NUL character";
  if (path.startsWith("/")) return "a relative path (no leading '/')";
  for (const segment of path.split("/")) {
    if (segment === "" || segment === "." || segment === "..") return "no empty, '.' or '..' path segment";
    if (Buffer.byteLength(segment, "utf8") > MAX_SEGMENT_BYTES) return `path segments of at most ${MAX_SEGMENT_BYTES} bytes in UTF-8`;
  }
  return null;
}
