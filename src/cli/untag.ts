import { type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { label, onRun, RUN_HELP } from "./run-command.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree untag <store> <run> key...

Removes tags from a run after its script (MLflow's delete_tag), all or none: a key the run does not have is
an error, and then nothing is removed. Only the run's own run.json changes.
  runtree untag mlruns 01a2c3f4d5e6 champion

${RUN_HELP}`;

export const untag: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "untag", HELP, {});
  if (typeof parsed === "number") return parsed;
  const [store, run, ...keys] = parsed.positionals;
  if (store === undefined || run === undefined || keys.length === 0) return usageError(io, "untag", "expected <store> <run> key...");
  return onRun(io, "untag", [store, run], async (runs, id) => {
    await runs.deleteTags(id, keys);
    return [`untagged ${await label(runs, id)}: ${keys.join(", ")}`];
  });
};
