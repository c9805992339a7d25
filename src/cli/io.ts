/** What a command may touch of the process: injected so tests can run commands in-process. */
export interface CliIO {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes: 0 ok (warnings allowed), 1 the work found problems (e.g. `check`), 2 bad usage or missing input. */
export const Exit = { Ok: 0, Problems: 1, Usage: 2 } as const;

/** A command: takes its own arguments (after the command name) and returns the exit code. */
export type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
