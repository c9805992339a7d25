/**
 * What an incremental build knows about a store file without reading it: a fingerprint of its metadata
 * (inode, size, modification and change times). A file whose fingerprint is the one recorded by the last
 * build holds the bytes that build read, with one exception git knows as "racily clean": file times have a
 * coarse clock (a few milliseconds on Linux, two seconds on FAT, skewed on network file systems), so a file
 * changed again within the same tick as the look that fingerprinted it keeps its times. A fingerprint taken
 * less than `RACY_MS` after the file was modified is therefore never trusted (it is null): the next build
 * looks at the file again, by which time its times can no longer be those of a later change.
 *
 * The stat must come BEFORE the read it vouches for: a change between the two then shows as a different
 * fingerprint next time (a stat taken after the read could vouch for bytes that were never read).
 */
import { stat, statSync, type Stats } from "node:fs";

/** How long after its last change a file's metadata starts to vouch for its content. */
export const RACY_MS = 3000;

/** A missing file has a fingerprint too: its appearance is a change. */
export const MISSING = "-";

/**
 * The fingerprint of `path` as of `now` (ms since the epoch): a string, `MISSING`, or null when the file
 * changed too recently to be trusted (or cannot be looked at).
 */
export function fingerprint(path: string, now: number): string | null {
  let stats;
  try {
    // No exception for a missing file: a rebuild looks at every run.json, and most of a store's are there.
    stats = statSync(path, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  return fingerprintOf(stats, now);
}

/** The metadata a fingerprint is made of. */
export type FingerprintStats = Pick<Stats, "ino" | "size" | "mtimeMs" | "ctimeMs">;

/** The fingerprint of a file as of `now`, from its stats (undefined: missing). */
export function fingerprintOf(stats: FingerprintStats | undefined, now: number): string | null {
  if (stats === undefined) return MISSING;
  if (!settled(stats, now)) return null;
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** Whether a file's metadata vouches for its content as of `now` (it last changed at least `RACY_MS` before). */
export function settled(stats: FingerprintStats, now: number): boolean {
  return now - stats.mtimeMs >= RACY_MS;
}

/**
 * The stats of `path` through the thread pool: a look at thousands of files issues them together, which takes
 * about half as long as one `statSync` after another. Null when the file cannot be looked at, undefined when
 * it is missing.
 */
export function statLater(path: string): Promise<Stats | null | undefined> {
  return new Promise((resolve) => stat(path, (error, stats) => resolve(error ? (error.code === "ENOENT" ? undefined : null) : stats)));
}

/** Several fingerprints as one: null when any part is unknown. */
export function combine(parts: ReadonlyArray<string | null>): string | null {
  return parts.some((part) => part === null) ? null : parts.join("|");
}
