/**
 * A store as committed at a git revision, read through the `git` command: no checkout, no temporary clone,
 * nothing written. `git ls-tree` lists the store's tree once; file contents come from one
 * `git cat-file --batch` process. The same readers that read the working tree read this.
 */
import { statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { blobReader } from "./cat-file.js";
import { GitCommandError, gitLine, runGit } from "./git-command.js";
import { parseTree, type TreeIndex } from "./git-tree.js";
import { SourceReadError, type StoreSource } from "./store-source.js";

export interface GitStore {
  /** The full commit id the revision names. */
  readonly commit: string;
  /** The store's path inside the repository, `/`-separated ("" when the store is the repository's root). */
  readonly path: string;
  /** Whether the store existed at that commit; when not, the source reads as an empty store. */
  readonly exists: boolean;
  readonly source: StoreSource;
  /** Ends the `git cat-file` process. Call it when done reading. */
  close(): Promise<void>;
}

/** Where a store folder sits in its repository. */
export interface StoreInRepository {
  /** The repository's top-level folder. */
  readonly top: string;
  /** The store's path inside it, `/`-separated. */
  readonly path: string;
}

/**
 * Finds the repository that holds the store folder `storeDir` (which need not exist in the working tree:
 * a store deleted since, or not yet made, is still looked up where it would be).
 * @throws RuntreeError NOT_IN_GIT_REPOSITORY, or GIT_UNAVAILABLE when there is no `git` to run.
 */
export async function locateStore(storeDir: string): Promise<StoreInRepository> {
  const absolute = resolve(storeDir);
  let existing = absolute;
  while (!isDirectory(existing) && dirname(existing) !== existing) existing = dirname(existing);
  let lines: string[];
  try {
    lines = (await gitLine(existing, ["rev-parse", "--show-toplevel", "--show-prefix"])).split("\n");
  } catch (error) {
    throw gitError(error, ErrorCode.NotInGitRepository, `${storeDir} is not inside a git repository`, storeDir);
  }
  const top = lines[0] ?? existing;
  const rest = relative(existing, absolute).split(sep).filter((part) => part !== "");
  const path = [...(lines[1] ?? "").split("/"), ...rest].filter((part) => part !== "").join("/");
  return { top, path };
}

/**
 * The full commit id `revision` names in the repository at `top`.
 * @throws RuntreeError UNKNOWN_REVISION, or SHALLOW_CLONE when the repository is a shallow clone (the
 * revision may be outside the history it fetched).
 */
export async function resolveCommit(top: string, revision: string): Promise<string> {
  if (revision === "" || revision.startsWith("-") || /[\0\n]/.test(revision)) {
    throw new RuntreeError(ErrorCode.UnknownRevision, `"${revision}" is not a git revision`, { found: revision });
  }
  try {
    return await gitLine(top, ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`]);
  } catch (error) {
    if (error instanceof GitCommandError && error.code === "EXIT") {
      const shallow = await gitLine(top, ["rev-parse", "--is-shallow-repository"]).catch(() => "false");
      if (shallow === "true") {
        throw new RuntreeError(
          ErrorCode.ShallowClone,
          `revision "${revision}" is not in this shallow clone; fetch its history first (git fetch --unshallow, or fetch-depth: 0 with actions/checkout)`,
          { found: revision },
          { cause: error },
        );
      }
    }
    throw gitError(error, ErrorCode.UnknownRevision, `unknown git revision "${revision}"`, revision);
  }
}

/**
 * Opens the store at `storeDir` as committed at `revision`.
 * @example
 * const base = await openGitStore("mlruns", "origin/main");
 * try { snapshot = await readStore(base.source); } finally { await base.close(); }
 */
export async function openGitStore(storeDir: string, revision: string): Promise<GitStore> {
  const { top, path } = await locateStore(storeDir);
  const commit = await resolveCommit(top, revision);
  const treeish = `${commit}:${path}`;
  const type = await gitLine(top, ["cat-file", "-t", treeish]).catch(() => "missing");
  const tree: TreeIndex = type === "tree" ? parseTree(await runGit(top, ["ls-tree", "-r", "-t", "-z", treeish])) : parseTree(Buffer.alloc(0));
  const exists = type === "tree";
  const blobs = blobReader(top);
  const locate = (file: string) => (file === "" ? treeish : path === "" ? `${commit}:${file}` : `${treeish}/${file}`);
  const source: StoreSource = {
    root: treeish,
    kind: async (file) => (file === "" ? (exists ? "dir" : null) : (tree.kinds.get(file) ?? null)),
    list: async (folder) => (exists ? (tree.folders.get(folder) ?? []) : []),
    read: async (file) => {
      const blob = tree.blobs.get(file);
      if (blob === undefined) {
        const kind = tree.kinds.get(file);
        const code = kind === undefined ? "ENOENT" : kind === "link" ? "ELOOP" : "EISDIR";
        throw new SourceReadError(code, `${locate(file)}: ${kind === undefined ? "no such file" : kind === "link" ? "a symbolic link" : "not a file"}`);
      }
      return (await blobs.read(blob)).toString("utf8");
    },
    locate,
  };
  return { commit, path, exists, source, close: () => blobs.close() };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function gitError(error: unknown, code: ErrorCode, message: string, found: string): RuntreeError {
  if (error instanceof GitCommandError && error.code === "ENOENT") {
    return new RuntreeError(ErrorCode.GitUnavailable, "git is not installed (or not on PATH)", {}, { cause: error });
  }
  const detail = error instanceof GitCommandError && error.stderr !== "" ? ` (${error.stderr.split("\n")[0]})` : "";
  return new RuntreeError(code, `${message}${detail}`, { found }, { cause: error });
}
