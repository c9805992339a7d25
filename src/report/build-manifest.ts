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
 * - it carries a checksum of all it holds, so damage to it (a truncated copy) is never taken for content;
 *   and it is data from disk like any other: a path in it is used only if it is a plain relative path
 *   inside the report (it decides which files are deleted).
 *
 * Layout, for speed on big stores: a header line, a line of groups, then one line per cached run,
 * `<path, URI-encoded> <fingerprint> <JSON>`, so that a run's JSON is parsed only when it is used and a
 * rebuild writes the lines of unchanged runs back as they were, without serialising them again.
 */
import { createHash } from "node:crypto";
import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Problem } from "../model/problem.js";

export const MANIFEST_FILE = ".runtree-build";
export const MANIFEST_FORMAT = 2;

/** Files made from the same inputs: the site-wide pages, an experiment's pages and data, a run's page and its files. */
export interface FileGroup {
  /** What they were made from (see page-keys.ts); null when that could not be pinned down. */
  readonly key: string | null;
  /** Site path to size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  /** Problems found while making them (bad history lines, artifacts not copied), to report again. */
  readonly problems: readonly Problem[];
}

/** A cached run as the manifest holds it: its fingerprint, and its content as JSON text (see run-file-cache.ts). */
export interface CachedRunText {
  readonly fp: string;
  readonly json: string;
}

export interface ManifestHeader {
  readonly format: typeof MANIFEST_FORMAT;
  /** The runtree version that wrote it, for people; `identity` is what is compared. */
  readonly runtree: string;
  readonly identity: string;
  readonly options: string;
}

export interface BuildManifest extends ManifestHeader {
  /** By group name; check a group with `groupIn` before use. */
  readonly groups: Readonly<Record<string, unknown>>;
  /** By store path of the run.json (`<experiment dir>/<id>/run.json`). */
  readonly runs: ReadonlyMap<string, CachedRunText>;
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

/** The group `name` of a manifest when it is well formed (its paths are checked where they are used). */
export function groupIn(manifest: BuildManifest | null, name: string): FileGroup | undefined {
  const value = manifest && Object.hasOwn(manifest.groups, name) ? manifest.groups[name] : undefined;
  if (!isRecord(value) || !(value.key === null || typeof value.key === "string") || !isRecord(value.files)) return undefined;
  if (!Array.isArray(value.problems) || !value.problems.every(isProblem)) return undefined;
  return Object.values(value.files).every((size) => typeof size === "number") ? (value as unknown as FileGroup) : undefined;
}

function checksum(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/**
 * The manifest in `dir` when it was written by this runtree with these options and is whole, else null
 * (missing, unreadable, damaged, or another identity or options).
 */
export async function readManifest(dir: string, expected: { identity: string; options: string }): Promise<BuildManifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    return null;
  }
  const first = text.indexOf("\n");
  const second = first < 0 ? -1 : text.indexOf("\n", first + 1);
  if (second < 0) return null;
  let header: unknown;
  let groups: unknown;
  try {
    header = JSON.parse(text.slice(0, first));
    groups = JSON.parse(text.slice(first + 1, second));
  } catch {
    return null;
  }
  if (!isRecord(header) || header.format !== MANIFEST_FORMAT || header.identity !== expected.identity || header.options !== expected.options) return null;
  const body = text.slice(second + 1);
  if (typeof header.runtree !== "string" || header.check !== checksum(text.slice(first + 1)) || !isRecord(groups)) return null;
  const runs = new Map<string, CachedRunText>();
  for (const line of body.split("\n")) {
    if (line === "") continue;
    const a = line.indexOf(" ");
    const b = line.indexOf(" ", a + 1);
    if (a < 0 || b < 0) return null;
    try {
      runs.set(decodeURIComponent(line.slice(0, a)), { fp: line.slice(a + 1, b), json: line.slice(b + 1) });
    } catch {
      return null;
    }
  }
  return { format: MANIFEST_FORMAT, runtree: header.runtree, identity: header.identity, options: header.options, groups, runs };
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

/** After the last write. `groups` and `runs` in the order given (the caller sorts them). */
export function writeManifest(
  dir: string,
  header: Omit<ManifestHeader, "format">,
  groups: Readonly<Record<string, FileGroup>>,
  runs: Iterable<readonly [string, CachedRunText]>,
): void {
  const lines: string[] = [];
  for (const [path, run] of runs) lines.push(`${encodeURIComponent(path)} ${run.fp} ${run.json}\n`);
  const rest = `${JSON.stringify(groups)}\n${lines.join("")}`;
  const top = JSON.stringify({ format: MANIFEST_FORMAT, ...header, check: checksum(rest) });
  const file = join(dir, MANIFEST_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${top}\n${rest}`);
  renameSync(temp, file);
}
