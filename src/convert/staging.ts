/**
 * Writing a whole tree of files durably with one sync instead of one per file (import and export write
 * ~100,000 small files for 10,000 MLflow runs; an fsync each made them take minutes).
 *
 * Why it is durable. Files go into a staging folder inside the destination (so on the same file system),
 * written plainly: no temp files, no fsync. Nothing reads there: the folder's name starts with a dot, which
 * every reader passes over, and it is removed at the end. `commit` then:
 *   1. syncs the file system once: every staged file's bytes and every staged folder's entries are on disk;
 *   2. only then renames the staged entries into place: a new folder as a whole (an experiment, a run: one
 *      rename makes all of it appear at once), else file by file. A rename is atomic, and what it points at
 *      is already on disk, so after a crash at any moment every destination path holds either what it held
 *      before or the complete new file. Renaming first and syncing later could leave a new name over data
 *      that never reached the disk (zero-length files after a power loss on ext4 or xfs);
 *   3. syncs once more, for the renames themselves (folder entries only: little to write), so that the
 *      whole result is durable when `commit` returns.
 * Two syncs in all, however many files. A crash before step 2 leaves only the staging folder behind (not
 * data to any reader); running the command again writes everything anew, and removes the folders that
 * processes now gone left (the folder's name says which process on which host made it).
 */
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { currentOwner, isOwnerGone } from "../format/owner.js";
import { assertReallyInside, inside } from "./inside.js";
import { syncFileSystem } from "./sync-file-system.js";

export class Staging {
  /** The destination root the staged tree mirrors. */
  readonly root: string;
  /** The staging folder. */
  readonly dir: string;
  readonly #folders = new Set<string>();
  readonly #written: string[] = [];

  /**
   * Creates `<root>/<prefix><host>.<pid>.<process start>.XXXXXX` (`root` must exist), after removing the
   * folders with the same prefix that a process of this host that is gone left there.
   */
  constructor(root: string, prefix: string) {
    this.root = root;
    removeAbandoned(root, prefix);
    const { pid, processStart } = currentOwner();
    this.dir = mkdtempSync(join(root, `${prefix}${hostTag()}.${pid}.${processStart ?? "-"}.`));
    this.#folders.add(this.dir);
  }

  /** Writes `content` where `segments` (relative to the root) will be. */
  write(segments: readonly string[], content: string | Uint8Array): void {
    const path = this.#prepare(segments);
    writeFileSync(path, content);
  }

  /** Copies the file `from` (symbolic links are not followed by the callers' listing) to where `segments` will be. */
  copy(from: string, segments: readonly string[]): void {
    copyFileSync(from, this.#prepare(segments));
  }

  /** A folder that must exist even when nothing is written in it. */
  folder(segments: readonly string[]): void {
    this.#ensure(inside(this.dir, ...segments));
  }

  /**
   * Makes every staged file durable, moves it into place, and makes the moves durable (see the top of this
   * file). Entries named in `last` move after their siblings (a run's run.json, after which readers see it).
   * @throws RuntreeError INVALID_ARGUMENT when a destination folder is a file, or links out of the root.
   */
  async commit(last: ReadonlySet<string> = new Set()): Promise<void> {
    await syncFileSystem(this.dir, () => [...this.#written, ...this.#folders]);
    const touched = new Set<string>();
    await this.#move(this.dir, this.root, last, touched);
    await syncFileSystem(this.root, () => [...touched]);
  }

  /** Removes the staging folder and whatever is left in it. */
  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  #prepare(segments: readonly string[]): string {
    const path = inside(this.dir, ...segments);
    this.#ensure(dirname(path));
    this.#written.push(path);
    return path;
  }

  #ensure(folder: string): void {
    if (this.#folders.has(folder)) return;
    // Parent first: a recursive mkdir of a folder whose parent is missing fails once (ENOENT) before it climbs.
    this.#ensure(dirname(folder));
    mkdirSync(folder, { recursive: true });
    this.#folders.add(folder);
  }

  /** Moves the entries of the staged folder `from` into the destination folder `to` (which exists). */
  async #move(from: string, to: string, last: ReadonlySet<string>, touched: Set<string>): Promise<void> {
    const entries = readdirSync(from, { withFileTypes: true }).sort((a, b) => Number(last.has(a.name)) - Number(last.has(b.name)) || (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      const existing = kindOf(target);
      if (existing === undefined || (existing === "file" && !entry.isDirectory())) {
        // Nothing there yet (a whole folder moves at once), or a file this write replaces.
        if (tryRename(source, target)) {
          touched.add(to);
          continue;
        }
      }
      if (!entry.isDirectory() || kindOf(target) === "file") {
        throw new RuntreeError(ErrorCode.InvalidArgument, `Cannot write ${target}: a ${entry.isDirectory() ? "file" : "folder"} is in the way.`, { file: target });
      }
      // A folder already there: it must not lead out of the root, then its entries move one by one.
      await assertReallyInside(this.root, target);
      await this.#move(source, target, last, touched);
    }
  }
}

/** The host's name as it may appear in a file name. */
function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9-]/g, "_");
}

/** Removes staging folders under `root` whose process, on this host, is gone (a crash or a kill mid-way). */
function removeAbandoned(root: string, prefix: string): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(prefix)) continue;
    const [host, pid, start] = name.slice(prefix.length).split(".");
    if (host !== hostTag() || !/^\d+$/.test(pid ?? "")) continue;
    const owner = { host: hostname(), pid: Number(pid), ...(start !== undefined && start !== "-" && { processStart: start }) };
    if (isOwnerGone(owner)) rmSync(join(root, name), { recursive: true, force: true });
  }
}

function kindOf(path: string): "file" | "dir" | undefined {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() || stat.isSymbolicLink() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

/** False when something appeared at `target` meanwhile (another process): the caller merges instead. */
function tryRename(source: string, target: string): boolean {
  try {
    renameSync(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTEMPTY" || code === "EISDIR" || code === "ENOTDIR") return false;
    throw error;
  }
}
