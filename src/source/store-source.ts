/**
 * Where a reader gets a store's files from. The readers (runtree's and MLflow's) only list folders and read
 * files by paths relative to the store root, so the same reader reads the working tree (`fsSource`) or the
 * store as committed at a git revision (`gitSource`), and both give the same model.
 */

/** What a listing says about one entry. A symbolic link is `link`: it is never followed. */
export type EntryKind = "file" | "dir" | "link" | "other";

export interface SourceEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

export interface StoreSource {
  /**
   * How messages name the store: its folder, or `<commit>:<path>` for a store read from git. Runs read
   * from this source get `dir` = this joined with their folder.
   */
  readonly root: string;
  /** What `path` ("" is the root) is, or null when there is nothing there. */
  kind(path: string): Promise<EntryKind | null>;
  /** The entries of the folder `path`, sorted by name; none when it is missing or not a folder. */
  list(path: string): Promise<readonly SourceEntry[]>;
  /**
   * The text of the file `path` (UTF-8). Rejects with an error whose `code` is `ENOENT` when there is no
   * such file, `ELOOP` when it is a symbolic link (never followed), and another code for any other failure.
   */
  read(path: string): Promise<string>;
  /**
   * `read` done at once, for a source on the local disk: throws what `read` rejects with. A reader that
   * takes ten small files per run reads a big store ~10% faster without a promise per file.
   */
  readonly readNow?: (path: string) => string;
  /** `root` joined with a relative path, the way this source spells locations. */
  locate(path: string): string;
  /**
   * The folder on the local disk that holds the files (then `root`), which another thread can read the same
   * way (`fsSource`); absent for a store read from elsewhere (git objects).
   */
  readonly folder?: string;
}

/** The error a source rejects a read with; `code` follows Node's errno names so callers handle both alike. */
export class SourceReadError extends Error {
  override name = "SourceReadError";
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Whether a read failed because the file is not there (as opposed to being unreadable). */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Whether a read failed because the file is a symbolic link, which a reader never follows. */
export function isLink(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ELOOP";
}

/** The problem of a symbolic link where a store holds data: named, and not followed. */
export function linkProblem(file: string): { file: string; code: string; message: string } {
  return { file, code: "SYMBOLIC_LINK", message: "a symbolic link; not followed (a store holds plain files and folders)" };
}

/** The code of a failed read, for a problem's message. */
export function readErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : String(error);
}
