/**
 * What the commands that change one run (`tag`, `untag`, `rename`, `note`, `delete`, `restore`) share: the
 * store argument, the run named by its id or a unique prefix of it, and the store's errors as exit codes:
 * bad input (a bad key, an unknown or ambiguous id) exits 2 with its message; a run that cannot be changed
 * now (a live process writes it, it is deleted, another edit holds it) exits 1.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { isMlflowStore } from "../load/store-format.js";
import { fsSource } from "../source/fs-source.js";
import { openStore, type Store } from "../store/open-store.js";
import { Exit, type CliIO } from "./io.js";
import { printable } from "./printable.js";
import { usageError } from "./usage-error.js";

/** Exit status and `<run>` wording, for each command's help. */
export const RUN_HELP = `<run> is a run id, or a unique prefix of one (at least 4 hex digits; an ambiguous prefix lists the runs it
matches).

Exit status: 0 done; 1 the run cannot be changed now (a live process is writing it, or it is deleted);
2 bad arguments, an unknown or ambiguous run id, or a missing store.
`;

const NOW: ReadonlySet<string> = new Set([ErrorCode.RunLive, ErrorCode.RunDeleted, ErrorCode.RunBusy]);

/**
 * Opens the store, finds the run, and runs `work` with it; prints the lines `work` returns on stdout.
 */
export async function onRun(
  io: CliIO,
  command: string,
  [storeArg, runArg]: readonly [string, string],
  work: (store: Store, id: string) => Promise<readonly string[]>,
): Promise<number> {
  const root = resolve(io.cwd, storeArg);
  if (!existsSync(root)) return usageError(io, command, `no store at ${printable(root)}`);
  if (await isMlflowStore(fsSource(root))) {
    return usageError(io, command, `${printable(root)} is an MLflow file store: runtree changes runtree stores (runtree import mlflow first)`);
  }
  const store = openStore(root);
  try {
    const lines = await work(store, store.findRunId(runArg));
    for (const line of lines) io.stdout.write(printable(line) + "\n");
    return Exit.Ok;
  } catch (error) {
    if (!(error instanceof RuntreeError)) throw error;
    if (NOW.has(error.code)) {
      io.stderr.write(`runtree ${command}: ${printable(error.message)}\n`);
      return Exit.Problems;
    }
    // An ambiguous prefix's message lists the candidates, one per line.
    io.stderr.write(`runtree ${command}: ${error.message.split("\n").map(printable).join("\n")}\n`);
    return Exit.Usage;
  }
}

/** `<id>  <name>` for output lines. */
export async function label(store: Store, id: string): Promise<string> {
  return `${id}  ${(await store.getRun(id)).name}`;
}
