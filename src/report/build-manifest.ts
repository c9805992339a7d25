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
 * Layout, for speed on big stores: a header line, a line of the site's own groups, and a line of the
 * store's experiment folders, each with what a rebuild may take over from it whole (experiment-freeze.ts)
 * and the name of its shard: a file in `.runtree-build.d/`, named by the hash of its content, holding the
 * groups made from that folder on its first line, then one line per cached run, `<path, URI-encoded>
 * <fingerprint> <JSON>`. A shard is read only when its folder's groups or runs are needed (a run's JSON parsed
 * only when used); a folder taken over whole keeps its shard, so a rebuild rewrites only the changed ones.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Problem } from "../model/problem.js";

export const MANIFEST_FILE = ".runtree-build";
/** The folder of the shards (the cached runs, one file per experiment folder of the store). */
export const SHARD_DIR = ".runtree-build.d";
export const MANIFEST_FORMAT = 3;

const SHARD_NAME = /^[0-9a-f]{40}$/;

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

/** What the manifest keeps of one experiment folder of the store. */
export interface FolderNote {
  /** Its shard's name, or null when it has no cached run. */
  readonly shard: string | null;
  /** What a rebuild may take over when nothing in the folder changed (experiment-freeze.ts checks it), or null. */
  readonly frozen: unknown;
}

export interface BuildManifest extends ManifestHeader {
  /** By experiment folder of the store. */
  readonly folders: ReadonlyMap<string, FolderNote>;
  /** The site's own groups (the index, the compare and problems pages, the assets), by name. */
  readonly siteGroups: Readonly<Record<string, unknown>>;
  /** The groups made from the store's folder `dir` (its experiment's and its runs'), by name, from its shard. */
  groupsOf(dir: string): Readonly<Record<string, unknown>>;
  /** The cached run whose run.json is at store path `path` (`<experiment dir>/<id>/run.json`), from its folder's shard. */
  cachedRun(path: string): CachedRunText | undefined;
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

/**
 * The group `name` of a manifest when it is well formed (its paths are checked where they are used): among
 * the groups of the store's folder `dir`, or the site's own with null.
 */
export function groupIn(manifest: BuildManifest | null, name: string, dir: string | null): FileGroup | undefined {
  if (manifest === null) return undefined;
  const groups = dir === null ? manifest.siteGroups : manifest.groupsOf(dir);
  const value = Object.hasOwn(groups, name) ? groups[name] : undefined;
  if (!isRecord(value) || !(value.key === null || typeof value.key === "string") || !isRecord(value.files)) return undefined;
  if (!Array.isArray(value.problems) || !value.problems.every(isProblem)) return undefined;
  return Object.values(value.files).every((size) => typeof size === "number") ? (value as unknown as FileGroup) : undefined;
}

function checksum(content: string | Buffer): string {
  return createHash("sha1").update(content).digest("hex");
}

/** Splits `text` on its first two newlines: the header, the line after it and the rest; null when short. */
function lines3(text: string): [string, string, string] | null {
  const first = text.indexOf("\n");
  const second = first < 0 ? -1 : text.indexOf("\n", first + 1);
  return second < 0 ? null : [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
}

function isFolderNote(value: unknown): value is FolderNote {
  return isRecord(value) && (value.shard === null || (typeof value.shard === "string" && SHARD_NAME.test(value.shard))) && "frozen" in value;
}

interface Shard {
  readonly groups: Readonly<Record<string, unknown>>;
  readonly runs: ReadonlyMap<string, CachedRunText>;
}

const EMPTY_SHARD: Shard = { groups: {}, runs: new Map() };

/** One shard: its groups and cached runs, or nothing when it is missing or not what its name says. */
function readShard(dir: string, name: string | null): Shard {
  if (name === null) return EMPTY_SHARD;
  let text = "";
  try {
    const bytes = readFileSync(join(dir, SHARD_DIR, name));
    // Hashed as read, not as text: the text of a big shard need not be encoded again.
    if (checksum(bytes) === name) text = bytes.toString("utf8");
  } catch {
    return EMPTY_SHARD;
  }
  const end = text.indexOf("\n");
  if (end < 0) return EMPTY_SHARD;
  let groups: unknown;
  try {
    groups = JSON.parse(text.slice(0, end));
  } catch {
    return EMPTY_SHARD;
  }
  if (!isRecord(groups)) return EMPTY_SHARD;
  const runs = new Map<string, CachedRunText>();
  for (const line of text.slice(end + 1).split("\n")) {
    if (line === "") continue;
    const a = line.indexOf(" ");
    const b = line.indexOf(" ", a + 1);
    if (a < 0 || b < 0) return EMPTY_SHARD;
    try {
      const path = line.slice(0, a);
      runs.set(path.includes("%") ? decodeURIComponent(path) : path, { fp: line.slice(a + 1, b), json: line.slice(b + 1) });
    } catch {
      return EMPTY_SHARD;
    }
  }
  return { groups, runs };
}

/**
 * The manifest in `dir` when it was written by this runtree with these options and is whole, else null
 * (missing, unreadable, damaged, or another identity or options). A damaged shard only loses its runs.
 */
export async function readManifest(dir: string, expected: { identity: string; options: string }): Promise<BuildManifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    return null;
  }
  const parts = lines3(text);
  if (parts === null) return null;
  const [top, siteLine, foldersLine] = parts;
  let header: unknown;
  let groups: unknown;
  let folders: unknown;
  try {
    header = JSON.parse(top);
    groups = JSON.parse(siteLine);
    folders = JSON.parse(foldersLine.replace(/\n$/, ""));
  } catch {
    return null;
  }
  if (!isRecord(header) || header.format !== MANIFEST_FORMAT || header.identity !== expected.identity || header.options !== expected.options) return null;
  if (typeof header.runtree !== "string" || header.check !== checksum(text.slice(top.length + 1)) || !isRecord(groups) || !isRecord(folders)) return null;
  const notes = new Map<string, FolderNote>();
  for (const [folder, note] of Object.entries(folders)) {
    if (!isSitePath(folder) || folder.includes("/") || !isFolderNote(note)) return null;
    notes.set(folder, note);
  }
  const shards = new Map<string, Shard>();
  const shardOf = (folder: string): Shard => {
    let shard = shards.get(folder);
    if (shard === undefined) shards.set(folder, (shard = readShard(dir, notes.get(folder)?.shard ?? null)));
    return shard;
  };
  return {
    format: MANIFEST_FORMAT,
    runtree: header.runtree,
    identity: header.identity,
    options: header.options,
    siteGroups: groups,
    folders: notes,
    groupsOf: (folder) => shardOf(folder).groups,
    cachedRun: (path) => shardOf(folderOf(path)).runs.get(path),
  };
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

/** The folder of the store a store path is in. */
function folderOf(path: string): string {
  return path.slice(0, path.indexOf("/"));
}

/** What a build leaves for the next one to trust. Each map and list in the order given (the caller sorts them). */
export interface ManifestContent {
  /** The site's own groups. */
  readonly site: Readonly<Record<string, FileGroup>>;
  /** The groups made from each folder of the store. */
  readonly groups: ReadonlyMap<string, Readonly<Record<string, FileGroup>>>;
  /** What the next build may take over whole, by folder. */
  readonly folders: ReadonlyMap<string, { readonly frozen: unknown }>;
  /** The cached runs this build read. */
  readonly runs: Iterable<readonly [string, CachedRunText]>;
  /** Folders taken over whole: each keeps the shard it had. */
  readonly carried: ReadonlyMap<string, string | null>;
}

/**
 * After the last write. Shards are written before the manifest that names them (one whose content exists
 * already is not written again), and the ones it no longer names are removed after it.
 */
export function writeManifest(dir: string, header: Omit<ManifestHeader, "format">, content: ManifestContent): void {
  const lines = new Map<string, string[]>();
  for (const [path, run] of content.runs) {
    const folder = folderOf(path);
    let list = lines.get(folder);
    if (!list) lines.set(folder, (list = []));
    list.push(`${encodeURIComponent(path)} ${run.fp} ${run.json}\n`);
  }
  const shardDir = join(dir, SHARD_DIR);
  mkdirSync(shardDir, { recursive: true });
  const shards = new Map<string, string | null>(content.carried);
  for (const folder of new Set([...content.groups.keys(), ...lines.keys()])) {
    if (shards.has(folder)) continue;
    const bytes = Buffer.from(`${JSON.stringify(content.groups.get(folder) ?? {})}\n${(lines.get(folder) ?? []).join("")}`, "utf8");
    const name = checksum(bytes);
    const file = join(shardDir, name);
    if (!existsSync(file)) {
      writeFileSync(`${file}.${process.pid}.tmp`, bytes);
      renameSync(`${file}.${process.pid}.tmp`, file);
    }
    shards.set(folder, name);
  }
  const notes: Record<string, FolderNote> = {};
  for (const folder of [...new Set([...content.folders.keys(), ...shards.keys()])].sort()) {
    notes[folder] = { shard: shards.get(folder) ?? null, frozen: content.folders.get(folder)?.frozen ?? null };
  }
  const rest = `${JSON.stringify(content.site)}\n${JSON.stringify(notes)}\n`;
  const top = JSON.stringify({ format: MANIFEST_FORMAT, ...header, check: checksum(rest) });
  const file = join(dir, MANIFEST_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${top}\n${rest}`);
  renameSync(temp, file);
  const named = new Set(Object.values(notes).map((note) => note.shard));
  for (const name of readdirSync(shardDir)) if (!named.has(name)) rmSync(join(shardDir, name), { force: true });
}
