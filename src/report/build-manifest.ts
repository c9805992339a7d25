/**
 * The build manifest: what the last build of a report wrote, and from what. It lets the next build render
 * only what changed, and it is trusted only when it is whole and describes the folder as it is:
 *
 * - it is deleted before a build writes its first file and written (to a temp file, then renamed) after
 *   its last, so a build interrupted at any point (SIGKILL, a full disk) leaves no manifest, and the next
 *   build starts clean: it renders every page, compares bytes and removes what is not part of the report;
 * - it names the runtree that wrote it (version, and a hash of the code and templates) and a hash of the
 *   options that shape the output: any difference and it is ignored, so a report from another runtree or
 *   built with another filter is rebuilt clean, never patched;
 * - it is data from disk like any other: a path in it is used only if it is a plain relative path inside
 *   the report (it decides which files are deleted), and a cached run file is validated again before use.
 */
import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Problem } from "../model/problem.js";
import type { RunFile } from "../format/records.js";

export const MANIFEST_FILE = ".runtree-build.json";
export const MANIFEST_FORMAT = 1;

/** An ended run's file as the last build read it, when its fingerprint could vouch for it. */
export interface CachedRun {
  readonly fp: string;
  /** run.json as validated then, without its owner (a host and pid the report has no use for). */
  readonly file: RunFile;
  /** Its artifacts' relative paths, as listed then; null when they were not listed (the run was not shown). */
  readonly artifacts: readonly string[] | null;
}

/** Files made from the same inputs: the site-wide pages, an experiment's pages and data, a run's page and its files. */
export interface FileGroup {
  /** What they were made from (see page-keys.ts); null when that could not be pinned down. */
  readonly key: string | null;
  /** Site path to size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  /** Problems found while making them (bad history lines, artifacts not copied), to report again. */
  readonly problems: readonly Problem[];
}

export interface BuildManifest {
  readonly format: typeof MANIFEST_FORMAT;
  /** The runtree version that wrote it, for people; `identity` is what is compared. */
  readonly runtree: string;
  readonly identity: string;
  readonly options: string;
  /** Store path of the run.json (`<experiment dir>/<id>/run.json`) to the cached run. */
  readonly runs: Readonly<Record<string, CachedRun>>;
  readonly groups: Readonly<Record<string, FileGroup>>;
}

/** A site path the manifest may name: relative, `/`-separated, no empty, `.` or `..` segment. */
export function isSitePath(path: string): boolean {
  if (path === "" || path.includes("\\") || path.includes("\u0000")) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isProblem(value: unknown): value is Problem {
  return isRecord(value) && typeof value.file === "string" && typeof value.code === "string" && typeof value.message === "string";
}

function isGroup(value: unknown): value is FileGroup {
  if (!isRecord(value) || !(value.key === null || typeof value.key === "string")) return false;
  if (!Array.isArray(value.problems) || !value.problems.every(isProblem) || !isRecord(value.files)) return false;
  return Object.entries(value.files).every(([path, size]) => isSitePath(path) && typeof size === "number" && Number.isSafeInteger(size) && size >= 0);
}

function isCachedRun(value: unknown): value is CachedRun {
  // `file` is checked against the run schema when it is used (see run-file-cache.ts).
  return (
    isRecord(value) &&
    typeof value.fp === "string" &&
    isRecord(value.file) &&
    (value.artifacts === null || (Array.isArray(value.artifacts) && value.artifacts.every((path) => typeof path === "string")))
  );
}

/**
 * The manifest in `dir` when it was written by this runtree with these options, else null (missing,
 * unreadable, malformed, or another identity or options).
 */
export async function readManifest(dir: string, expected: { identity: string; options: string }): Promise<BuildManifest | null> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8"));
  } catch {
    return null;
  }
  if (!isRecord(data) || data.format !== MANIFEST_FORMAT || data.identity !== expected.identity || data.options !== expected.options) return null;
  if (typeof data.runtree !== "string" || !isRecord(data.runs) || !isRecord(data.groups)) return null;
  if (!Object.values(data.groups).every(isGroup) || !Object.values(data.runs).every(isCachedRun)) return null;
  return data as unknown as BuildManifest;
}

/** The manifest file's metadata, to tell whether it was replaced since it was read. */
function stampOf(dir: string): string {
  try {
    const stats = statSync(join(dir, MANIFEST_FILE));
    return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  } catch {
    return "";
  }
}

export interface PreviousBuild {
  readonly manifest: BuildManifest | null;
  /** The manifest as it is now: the same one when the file was not replaced since, else read again. */
  again(): Promise<BuildManifest | null>;
}

/** `readManifest`, remembering which file it read so that a second look is cheap. */
export async function previousBuild(dir: string, expected: { identity: string; options: string }): Promise<PreviousBuild> {
  const stamp = stampOf(dir);
  const manifest = await readManifest(dir, expected);
  return {
    manifest,
    again: async () => (stampOf(dir) === stamp ? manifest : (await previousBuild(dir, expected)).manifest),
  };
}

/** Before the first write: from here until `writeManifest`, the folder is not to be trusted. */
export function dropManifest(dir: string): void {
  rmSync(join(dir, MANIFEST_FILE), { force: true });
}

/** After the last write. Compact JSON (it is bookkeeping, and large), keys in a fixed order. */
export function writeManifest(dir: string, manifest: BuildManifest): void {
  const file = join(dir, MANIFEST_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(manifest) + "\n");
  renameSync(temp, file);
}
