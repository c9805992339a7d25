/**
 * `runtree import mlflow <src> <store>`: converts an MLflow file store into a runtree store. Bad arguments
 * or a missing source: one line on stderr, exit 2. Files that could not be imported: one warning each on
 * stderr, the rest is imported (exit 0). A summary line on stdout.
 */
import { resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { importMlflow } from "../convert/mlflow-import.js";
import { formatProblem } from "../model/problem.js";
import { Exit, type Command } from "./io.js";
import { printable } from "./printable.js";
import { parseCommand } from "./parse-command.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree import mlflow <src> <store>

Copies the MLflow file store <src> (an mlruns/ folder written by MLflow) into the runtree store <store>,
created if missing. Run ids, names, parent links, params (as strings), tags, full metric histories
(NaN and infinities included) and artifacts are kept. Deleted runs and experiments are left out.

Importing again is safe: runs already imported are left as they are, and a different run with the same
id already in <store> is reported and never overwritten.

Options:
  -h, --help   show this help
`;

const INPUT_ERRORS: ReadonlySet<string> = new Set([ErrorCode.StoreNotFound, ErrorCode.InvalidArgument]);

export const importCommand: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "import", HELP, {});
  if (typeof parsed === "number") return parsed;
  const [format, src, store, ...extra] = parsed.positionals;
  if (format !== "mlflow") {
    const found = format === undefined ? "nothing" : JSON.stringify(format);
    return usageError(io, "import", `expected the source format "mlflow" first, found ${found}`);
  }
  if (src === undefined || store === undefined || extra.length > 0) {
    return usageError(io, "import", "expected exactly two folders: runtree import mlflow <src> <store>");
  }
  try {
    const result = await importMlflow(resolve(io.cwd, src), resolve(io.cwd, store));
    for (const problem of result.problems) io.stderr.write(`warning: ${printable(formatProblem(problem))}\n`);
    const { runsImported, runsUnchanged, runsSkipped, experimentsCreated, artifactsCopied } = result;
    io.stdout.write(
      `imported ${runsImported} runs (${runsUnchanged} already there, ${runsSkipped} skipped), ` +
        `${experimentsCreated} new experiments, ${artifactsCopied} artifacts into ${store}\n`,
    );
    return Exit.Ok;
  } catch (error) {
    if (error instanceof RuntreeError && INPUT_ERRORS.has(error.code)) return usageError(io, "import", error.message);
    throw error;
  }
};
