import { execFileSync } from "node:child_process";

/** Environment for the `git` a test runs: a fresh CI machine has no identity, no global config, no prompt. */
export function testGitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: "Runtree Test",
    GIT_AUTHOR_EMAIL: "test@runtree.invalid",
    GIT_COMMITTER_NAME: "Runtree Test",
    GIT_COMMITTER_EMAIL: "test@runtree.invalid",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    ...extra,
  };
}

/** Settings every test repository gets, whatever the machine's git defaults. */
const GIT_CONFIG = ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "pull.rebase=false", "-c", "core.autocrlf=false"];

/** A `git(cwd, ...args)` that runs in `env` with those settings and returns its trimmed stdout. */
export function gitIn(env: NodeJS.ProcessEnv): (cwd: string, ...args: string[]) => string {
  return (cwd, ...args) => execFileSync("git", [...GIT_CONFIG, ...args], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Stages everything in `clone` and commits it. */
export function commitAllWith(git: (cwd: string, ...args: string[]) => string, clone: string, message: string): void {
  git(clone, "add", "-A");
  git(clone, "commit", "-q", "-m", message);
}
