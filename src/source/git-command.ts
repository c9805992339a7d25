/**
 * Runs one `git` command to completion and returns its stdout as bytes. Whatever goes wrong (git missing,
 * a non-zero exit) becomes a `GitCommandError` carrying git's own first line of stderr, so that callers can
 * decide which of our errors it means.
 */
import { spawn } from "node:child_process";

export class GitCommandError extends Error {
  override name = "GitCommandError";
  /** `ENOENT` when git is not installed, else `EXIT`. */
  readonly code: "ENOENT" | "EXIT";
  readonly exitCode: number | null;
  /** git's stderr, trimmed. */
  readonly stderr: string;

  constructor(code: "ENOENT" | "EXIT", args: readonly string[], exitCode: number | null, stderr: string, options?: { cause?: unknown }) {
    super(`git ${args.join(" ")} failed${exitCode === null ? "" : ` (exit ${exitCode})`}: ${stderr.split("\n")[0] ?? ""}`, options);
    this.code = code;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** `git -C cwd <args>`: stdout on success; rejects with a `GitCommandError` otherwise. */
export function runGit(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", cwd, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(new GitCommandError(error.code === "ENOENT" ? "ENOENT" : "EXIT", args, null, error.message, { cause: error }));
    });
    child.on("close", (exitCode) => {
      if (exitCode === 0) resolve(Buffer.concat(out));
      else reject(new GitCommandError("EXIT", args, exitCode, Buffer.concat(err).toString("utf8").trim()));
    });
  });
}

/** The same, for commands whose output is one line of text. */
export async function gitLine(cwd: string, args: readonly string[]): Promise<string> {
  return (await runGit(cwd, args)).toString("utf8").trim();
}
