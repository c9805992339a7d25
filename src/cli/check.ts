import { formatProblem } from "../model/problem.js";
import { checkStore } from "../load/check-store.js";
import { resolve } from "node:path";
import { Exit, type Command } from "./io.js";
import { printable } from "./printable.js";
import { parseCommand } from "./parse-command.js";
import { storeError } from "./input-error.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree check <store>

Validates every file of a runtree store against its schema (experiment.json, run.json, every line of
metrics.jsonl, each child link in a parent's children/ folder) and checks that each run sits in its
own folder and each link names a child of that parent. Prints one line per problem, then a summary
(all on stdout).

Exit status: 0 when the store is clean, 1 when any problem was found, 2 for bad usage or a missing store.
Fit for a git pre-commit hook:  npx runtree check mlruns
`;

export const check: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "check", HELP, {});
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length !== 1) return usageError(io, "check", "expected exactly one argument: the store folder");
  const given = parsed.positionals[0]!;
  let result;
  try {
    result = await checkStore(resolve(io.cwd, given));
  } catch (error) {
    const code = await storeError(io, "check", given, error);
    if (code === null) throw error;
    return code;
  }
  for (const problem of result.problems) io.stdout.write(printable(formatProblem(problem)) + "\n");
  const summary = `${result.experiments} experiments, ${result.runs} runs, ${result.metricPoints} metric points`;
  io.stdout.write(result.problems.length === 0 ? `ok: ${summary}\n` : `${result.problems.length} problem(s) in ${summary}\n`);
  return result.problems.length === 0 ? Exit.Ok : Exit.Problems;
};
