import { parseArgs, type ParseArgsConfig } from "node:util";
import { Exit, type CliIO } from "./io.js";
import { usageError } from "./usage-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;

/**
 * Every command's argument handling: `node:util` parseArgs with positionals, `-h/--help` printing the
 * command's help (exit 0), and an unknown or malformed option as a one-line usage error (exit 2).
 * Returns the parsed arguments, or the exit code when the command is already done.
 */
export function parseCommand<const O extends Options>(
  argv: readonly string[],
  io: CliIO,
  command: string,
  help: string,
  options: O,
): Parsed<O & { help: { type: "boolean"; short: "h" } }> | number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } as O & { help: { type: "boolean"; short: "h" } } });
  } catch (error) {
    return usageError(io, command, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(help);
    return Exit.Ok;
  }
  return parsed;
}
