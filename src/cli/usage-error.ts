import { Exit, type CliIO } from "./io.js";

/** One line on stderr, exit 2: the contract for bad arguments and missing inputs. */
export function usageError(io: CliIO, command: string, message: string): number {
  io.stderr.write(`runtree ${command}: ${message} (see --help)\n`);
  return Exit.Usage;
}
