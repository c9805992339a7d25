/**
 * Where a run came from: what makes a git-committed history traceable. Captured once per process, at
 * the first run's start; every part is optional and nothing here may fail a run (no git, a detached HEAD,
 * an unreadable user are all normal).
 *
 * The store is committed and its report published, so no absolute path of the writer's machine is
 * recorded: the script and the working directory are relative to the root of the repository the run's
 * code is in, and outside any repository only their last segment is kept.
 */
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { SourceFile } from "../format/records.js";

let cached: SourceFile | undefined;

/** @param storeRoot excluded from the dirty check, since logging runs into a committed store dirties it. */
export function captureSource(storeRoot: string): SourceFile {
  if (cached) return cached;
  try {
    cached = capture(storeRoot);
  } catch {
    // A deleted working directory, an unreadable argv: record what is always known and go on.
    cached = { host: hostname(), node: process.version, platform: `${process.platform}-${process.arch}` };
  }
  return cached;
}

function capture(storeRoot: string): SourceFile {
  // Real paths: git reports the repository's real path, and a symlinked checkout must still be "inside".
  const script = process.argv[1] ? realPath(resolve(process.argv[1])) : undefined;
  const cwd = realPath(process.cwd());
  // The script's repository is the code that ran; a script outside any repository falls back to the cwd's.
  const store = resolve(storeRoot);
  const git = (script ? gitInfo(dirname(script), store) : undefined) ?? gitInfo(cwd, store);
  // A repository without commits (or whose commit cannot be read) still has a root to be relative to.
  const top = git?.top ?? (script ? repositoryRoot(dirname(script)) : undefined) ?? repositoryRoot(cwd);
  const who = user();
  const source: SourceFile = {
    ...(script !== undefined && { script: recordedPath(script, top) }),
    cwd: recordedPath(cwd, top),
    ...(git && { git: git.info }),
    host: hostname(),
    ...(who !== undefined && { user: who }),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  return source;
}

/**
 * A path as a committed history may hold it: relative to the repository root `top` when inside it (posix
 * separators, "." for the root itself), else only its last segment.
 *
 * @example recordedPath("/home/ana/models/src/train.ts", "/home/ana/models") // "src/train.ts"
 */
export function recordedPath(path: string, top: string | undefined): string {
  const inside = top === undefined ? undefined : relative(top, path);
  if (inside === undefined || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return basename(path);
  return inside === "" ? "." : inside.split(sep).join("/");
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function user(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    // --no-optional-locks: `git status` must not take index.lock, or a user's own commit running at the
    // same moment would fail.
    return execFileSync("git", ["--no-optional-locks", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  } catch {
    return undefined;
  }
}

function repositoryRoot(dir: string): string | undefined {
  const top = git(dir, ["rev-parse", "--show-toplevel"]);
  return top === undefined || top === "" ? undefined : top;
}

function gitInfo(cwd: string, storeRoot: string): { top: string; info: NonNullable<SourceFile["git"]> } | undefined {
  const top = repositoryRoot(cwd);
  const commit = top === undefined ? undefined : git(cwd, ["rev-parse", "HEAD"]);
  if (top === undefined || commit === undefined || !/^[0-9a-f]{7,64}$/.test(commit)) return undefined;
  const branch = git(cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  const storeInRepo = relative(top, storeRoot);
  const pathspec = storeInRepo && !storeInRepo.startsWith("..") ? ["--", ".", `:(exclude)${storeInRepo}`] : [];
  const status = git(top, ["status", "--porcelain", ...pathspec]);
  const remote = publicRemote(git(cwd, ["remote", "get-url", "origin"]));
  return {
    top,
    info: {
      commit,
      ...(branch !== undefined && branch !== "" && { branch }),
      dirty: status !== undefined && status !== "",
      ...(remote !== undefined && { remote }),
    },
  };
}

/**
 * The origin as a committed file may name it: a network URL without its credentials (an https URL may carry a
 * token: `https://user:token@host/...`). A remote that is a folder on this machine (a path, `file://`, a
 * clone of a local checkout) names nothing another machine can reach, only this one's layout: left out.
 *
 * @example publicRemote("https://me:token@github.com/team/models.git") // "https://github.com/team/models.git"
 */
export function publicRemote(url: string | undefined): string | undefined {
  if (url === undefined || url === "") return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme === "file" ? undefined : url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]+@/i, "$1");
  // scp-like `git@host:org/repo.git`; a one-letter "host" is a Windows drive (`C:/repos/x`).
  return /^([^@/\\:]+@)?[^@/\\:]{2,}:/.test(url) ? url : undefined;
}
