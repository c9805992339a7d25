/**
 * Starts a TypeScript script as a real child process (through tsx, like a user's `node --import tsx
 * train.ts`) and follows its stdout line by line, so a test can act on what the child says it has done
 * ("ack 12") and then signal, kill or release it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** tsx's loader as a file URL, so children whose cwd is outside the repo (a temp git repo) still find it. */
export const TSX_LOADER = import.meta.resolve("tsx");

/** The library's source entry, for scripts written into temp folders outside the repo. */
export const SOURCE_ENTRY = new URL("../../src/index.ts", import.meta.url).href;

const WORKERS = dirname(fileURLToPath(import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Every complete stdout line, including those still in the pipe when the process died. */
  readonly lines: readonly string[];
  readonly stderr: string;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Complete stdout lines received so far. */
  readonly lines: readonly string[];
  /** Resolves with the first line (past or future) that passes `match`; rejects if the process exits first. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  /** Calls `listener` for every complete line, synchronously as it arrives. */
  onLine(listener: (line: string) => void): void;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** Resolves once the process has exited and its output is drained. */
  readonly exited: Promise<Exit>;
}

export interface StartOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

const running = new Set<ChildProcess>();

/** SIGKILLs every worker still alive; call it in `after`, so a failed or timed-out test leaves no process behind. */
export function stopAllWorkers(): void {
  for (const child of running) child.kill("SIGKILL");
}

/** Runs `test/workers/<name>` with tsx. */
export function startWorker(name: string, args: readonly string[], options: StartOptions = {}): WorkerProcess {
  return startScript(join(WORKERS, name), args, options);
}

/** Runs any script file (`.ts`, `.mts`, `.mjs`) with the current node and tsx's loader. */
export function startScript(script: string, args: readonly string[], options: StartOptions = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, script, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.add(child);
  child.on("exit", () => running.delete(child));
  const lines: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  let partial = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    // A line cut by a kill has no newline: it was never fully acknowledged, so it is not a line.
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      for (const listener of listeners) listener(line);
    }
  });
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on("error", reject);
    // "close" (not "exit") fires after stdout is drained, so `lines` is complete.
    child.on("close", (code, signal) => resolve({ code, signal, lines, stderr }));
  });
  return {
    child,
    lines,
    onLine: (listener) => listeners.push(listener),
    waitForLine(match) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        listeners.push((line) => {
          if (match(line)) resolve(line);
        });
        void exited.then(({ code, signal }) => reject(new Error(`worker ${script} exited (code ${code}, signal ${signal}) before the expected line\n${stderr}`)));
      });
    },
    send: (line) => void child.stdin.write(`${line}\n`),
    exited,
  };
}
