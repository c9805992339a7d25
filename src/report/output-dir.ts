/**
 * The output folder's life cycle. A report is built into a fresh folder beside the target and swapped in
 * at the end, so a failed build leaves the previous report untouched and a rebuild leaves no stale page.
 * A folder that is not ours is never replaced: only an empty folder or a previous report (it holds the
 * marker file) may be.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { sitePath } from "./links.js";

export interface OutputTarget {
  /** Absolute path of the folder to (re)place, links resolved. */
  readonly path: string;
  /** Whether it exists now (then it is empty or a previous report). */
  readonly exists: boolean;
}

function refuse(message: string, file: string): never {
  throw new RuntreeError(ErrorCode.InvalidArgument, message, { file });
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The real path of `path`, even when its last components do not exist yet. */
async function realPathOf(path: string): Promise<string> {
  const missing: string[] = [];
  let existing = resolve(path);
  while (!(await exists(existing))) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(basename(existing));
    existing = parent;
  }
  return join(await realpath(existing), ...missing);
}

/** True when `child` is `parent` or below it. */
function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Decides whether `out` may receive a report built from `store`; reads the disk, never writes.
 * @throws {RuntreeError} INVALID_ARGUMENT when `out` is a file, a foreign non-empty folder, or overlaps the store.
 */
export async function checkOutput(out: string, store: string): Promise<OutputTarget> {
  const path = await realPathOf(out);
  if (dirname(path) === path) refuse(`output folder ${out} is the file-system root`, out);
  const storePath = await realPathOf(store);
  if (isInside(storePath, path)) refuse(`output folder ${out} contains the store ${store}; refusing to replace it`, out);
  if (isInside(path, storePath)) refuse(`output folder ${out} is inside the store ${store}; choose a folder outside it`, out);
  let stats;
  try {
    stats = await stat(path);
  } catch {
    return { path, exists: false };
  }
  if (!stats.isDirectory()) refuse(`output ${out} exists and is not a folder`, out);
  const entries = await readdir(path);
  if (entries.length > 0 && !entries.includes(sitePath.marker)) {
    refuse(`output folder ${out} is not empty and is not a runtree report; refusing to overwrite it`, out);
  }
  return { path, exists: true };
}

/** A new, empty folder beside the target (same file system, so the final rename is atomic). */
export async function createStaging(target: OutputTarget): Promise<string> {
  const parent = dirname(target.path);
  await mkdir(parent, { recursive: true });
  const staging = join(parent, `.${basename(target.path)}.runtree-${randomBytes(6).toString("hex")}`);
  await mkdir(staging);
  return staging;
}

/** Puts the finished report in place of the target, then deletes the previous one. */
export async function swapIn(staging: string, target: OutputTarget): Promise<void> {
  if (!target.exists) {
    // Fails (rather than replaces) should someone have created a non-empty folder there meanwhile.
    await rename(staging, target.path);
    return;
  }
  const old = `${staging}-old`;
  await rename(target.path, old);
  try {
    await rename(staging, target.path);
  } catch (error) {
    await rename(old, target.path);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

export async function discard(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}
