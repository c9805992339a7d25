/**
 * Every name from the store that becomes part of a path in `out/` passes through here. Store data is
 * hostile: a foreign directory name, a run id or an artifact path could contain `..`, a separator or a
 * control character. Each function either returns names that cannot leave their folder or refuses.
 */
import { createHash } from "node:crypto";
import { experimentDir, isSafeDirName } from "../format/experiment-dir.js";
import { RUN_ID } from "../format/run-id.js";

/** Longest segment we write: well under the 255-byte limit of common file systems, even in UTF-8. */
const MAX_SEGMENT_LENGTH = 200;

/**
 * Why `segment` cannot be one component of a path under `out/`, or null when it can: not empty, not `.` or
 * `..`, no separator (`/`, `\`), no NUL or control character, and not too long.
 */
export function segmentProblem(segment: string): string | null {
  if (segment === "") return "empty path segment";
  if (segment === "." || segment === "..") return `path segment "${segment}"`;
  if (/[/\\]/.test(segment)) return "path separator inside a name";
  // C0 controls and DEL: they confuse terminals, shells and some file systems.
  if (/[\u0000-\u001f\u007f]/.test(segment)) return "control character in a name";
  if (Buffer.byteLength(segment, "utf8") > MAX_SEGMENT_LENGTH) return "path segment too long";
  return null;
}

/**
 * An artifact's relative posix path split into segments that are each safe, or the reason it is not.
 *
 * @example artifactSegments("plots/loss.png") // { ok: true, segments: ["plots", "loss.png"] }
 * @example artifactSegments("../../etc/passwd") // { ok: false, reason: 'path segment ".."' }
 */
export function artifactSegments(
  path: string,
): { readonly ok: true; readonly segments: readonly string[] } | { readonly ok: false; readonly reason: string } {
  const segments = path.split("/");
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem !== null) return { ok: false, reason: problem };
  }
  return { ok: true, segments };
}

function shortHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}

/**
 * The folder name of a run's page. Run ids are 32 hex digits (the reader checks), used as they are; any
 * other id (a foreign store) gets a name derived from its hash, so it can never be a path trick.
 */
export function runSegment(id: string): string {
  return RUN_ID.test(id) ? id : `run-${shortHash(id)}`;
}

/**
 * Folder names for experiments, keyed by their directory in the store. A directory that is already a safe
 * slug keeps its name (links stay recognisable); any other gets the slug of its name plus a hash. Should two
 * slugs still meet, the later one (in directory order) gets a numeric suffix, so the mapping is one-to-one
 * and the same for the same store.
 */
export function experimentSlugs(dirs: readonly string[]): ReadonlyMap<string, string> {
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  for (const dir of [...dirs].sort()) {
    if (slugs.has(dir)) continue;
    const base = isSafeDirName(dir) ? dir : experimentDir(dir);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    slugs.set(dir, slug);
  }
  return slugs;
}
