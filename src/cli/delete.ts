import { type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { label, onRun, RUN_HELP } from "./run-command.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree delete <store> <run>...

Deletes runs (MLflow's delete_run), each with every run below it: soft, the files stay and "runtree restore"
undoes it; searches and the report leave deleted runs out ("runtree search --view deleted" lists them, the
report's experiment page links to them). "runtree purge" removes them for good. Prints one line per run
deleted. Nothing of a run's tree is deleted while a live process writes any run of it.

${RUN_HELP}`;

export const deleteCommand: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "delete", HELP, {});
  if (typeof parsed === "number") return parsed;
  const [store, ...runs] = parsed.positionals;
  if (store === undefined || runs.length === 0) return usageError(io, "delete", "expected <store> <run>...");
  for (const run of runs) {
    const code = await onRun(io, "delete", [store, run], async (opened, id) => {
      const deleted = await opened.deleteRun(id);
      if (deleted.length === 0) return [`already deleted ${await label(opened, id)}`];
      return Promise.all(deleted.map(async (each) => `deleted ${await label(opened, each)}`));
    });
    if (code !== 0) return code;
  }
  return 0;
};
