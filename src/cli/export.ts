/**
 * `runtree export mlflow <store> <dst>`: writes a store in MLflow's file-store layout. Bad arguments, a
 * missing store or a destination we may not write into: one line on stderr, exit 2. Keys that could not
 * be exported: one warning each on stderr (exit 0). A summary line on stdout.
 */
import { resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { exportMlflow } from "../convert/mlflow-export.js";
import { formatProblem } from "../model/problem.js";
import { Exit, type Command } from "./io.js";
import { printable } from "./printable.js";
import { parseCommand } from "./parse-command.js";
import { storeError } from "./input-error.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree export mlflow <store> <dst>

Writes the store <store> (runtree's layout, or MLflow's) into <dst> in the layout of MLflow's file store,
so that MLflow opens it:  mlflow ui --backend-store-uri <dst>
<dst> must be missing, empty, or an earlier export (whose files are then overwritten).

Experiment ids are derived from the experiment names ("Default" is 0); run ids are kept. Parents,
descriptions and names become MLflow's tags mlflow.parentRunId, mlflow.note.content and mlflow.runName.

Options:
  -h, --help   show this help
`;

const INPUT_ERRORS: ReadonlySet<string> = new Set([ErrorCode.InvalidArgument]);

export const exportCommand: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "export", HELP, {});
  if (typeof parsed === "number") return parsed;
  const [format, store, dst, ...extra] = parsed.positionals;
  if (format !== "mlflow") {
    const found = format === undefined ? "nothing" : JSON.stringify(format);
    return usageError(io, "export", `expected the target format "mlflow" first, found ${found}`);
  }
  if (store === undefined || dst === undefined || extra.length > 0) {
    return usageError(io, "export", "expected exactly two folders: runtree export mlflow <store> <dst>");
  }
  try {
    const result = await exportMlflow(resolve(io.cwd, store), resolve(io.cwd, dst));
    for (const problem of result.problems) io.stderr.write(`warning: ${printable(formatProblem(problem))}\n`);
    io.stdout.write(`exported ${result.runs} runs in ${result.experiments} experiments, ${result.artifactsCopied} artifacts into ${dst}\n`);
    return Exit.Ok;
  } catch (error) {
    const code = await storeError(io, "export", store, error);
    if (code !== null) return code;
    if (error instanceof RuntreeError && INPUT_ERRORS.has(error.code)) return usageError(io, "export", error.message);
    throw error;
  }
};
