/** A throw-away git repository for tests that read a store's history: commit, branch, clone, all with real git. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testGitEnv } from "./git-env.js";

const CONFIG = ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", "-c", "protocol.file.allow=always"];
// Git must not find a repository above the temp folder, nor read this machine's configuration.
const ENV = testGitEnv({ GIT_CEILING_DIRECTORIES: tmpdir() });

export interface TestRepo {
  readonly dir: string;
  git(...args: string[]): string;
  /** Stages everything and commits; returns the new commit's id. */
  commit(message: string): string;
}

export function repoAt(dir: string): TestRepo {
  const git = (...args: string[]) => execFileSync("git", [...CONFIG, ...args], { cwd: dir, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  return {
    dir,
    git,
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
  };
}

/** A new empty repository in a temp folder; `cleanup` collects the folders to remove. */
export function newRepo(cleanup: string[]): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), "runtree-git-"));
  cleanup.push(dir);
  const repo = repoAt(dir);
  repo.git("init", "-q");
  return repo;
}

export function removeAll(dirs: readonly string[]): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
