/**
 * Where a run came from: what makes a git-committed history traceable. Captured once per process, at
 * the first run's start; every part is optional and nothing here may fail a run (no git, a detached HEAD,
 * an unreadable user are all normal).
 */
import { execFileSync } from "node:child_process";
import { hostname, userInfo } from "node:os";
import { dirname, relative, resolve } from "node:path";
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
  const script = process.argv[1] ? resolve(process.argv[1]) : undefined;
  const cwd = process.cwd();
  // The script's repository is the code that ran; a script outside any repository falls back to the cwd's.
  const store = resolve(storeRoot);
  const git = (script ? gitInfo(dirname(script), store) : undefined) ?? gitInfo(cwd, store);
  const who = user();
  const source: SourceFile = {
    ...(script !== undefined && { script: git?.top && !relative(git.top, script).startsWith("..") ? relative(git.top, script) : script }),
    cwd,
    ...(git && { git: git.info }),
    host: hostname(),
    ...(who !== undefined && { user: who }),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  return source;
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

function gitInfo(cwd: string, storeRoot: string): { top: string; info: NonNullable<SourceFile["git"]> } | undefined {
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  const commit = top === undefined ? undefined : git(cwd, ["rev-parse", "HEAD"]);
  if (top === undefined || commit === undefined || !/^[0-9a-f]{7,64}$/.test(commit)) return undefined;
  const branch = git(cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  const storeInRepo = relative(top, storeRoot);
  const pathspec = storeInRepo && !storeInRepo.startsWith("..") ? ["--", ".", `:(exclude)${storeInRepo}`] : [];
  const status = git(top, ["status", "--porcelain", ...pathspec]);
  const remote = git(cwd, ["remote", "get-url", "origin"]);
  return {
    top,
    info: {
      commit,
      ...(branch !== undefined && branch !== "" && { branch }),
      dirty: status !== undefined && status !== "",
      ...(remote !== undefined && remote !== "" && { remote: stripCredentials(remote) }),
    },
  };
}

/** A remote URL may carry a token (https://user:token@host/...): never write that into a committed file. */
function stripCredentials(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]+@/i, "$1");
}
