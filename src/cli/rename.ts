import { type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { onRun, RUN_HELP } from "./run-command.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree rename <store> <run> <name>

Renames a run after its script (at most 250 characters, not empty). Only the run's own run.json changes.
  runtree rename mlruns 01a2c3f4d5e6 "baseline, final"

${RUN_HELP}`;

export const rename: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "rename", HELP, {});
  if (typeof parsed === "number") return parsed;
  const [store, run, name, ...extra] = parsed.positionals;
  if (store === undefined || run === undefined || name === undefined || extra.length > 0) {
    return usageError(io, "rename", "expected <store> <run> <name> (quote a name with spaces)");
  }
  return onRun(io, "rename", [store, run], async (runs, id) => {
    const before = (await runs.getRun(id)).name;
    await runs.renameRun(id, name);
    return [`renamed ${id}: ${before} → ${name}`];
  });
};
