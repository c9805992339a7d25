import { type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { label, onRun, RUN_HELP } from "./run-command.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree restore <store> <run>...

Restores deleted runs (MLflow's restore_run), each with the runs its deletion took along (not a run below
it that was deleted on its own before). Prints one line per run restored.

${RUN_HELP}`;

export const restore: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "restore", HELP, {});
  if (typeof parsed === "number") return parsed;
  const [store, ...runs] = parsed.positionals;
  if (store === undefined || runs.length === 0) return usageError(io, "restore", "expected <store> <run>...");
  for (const run of runs) {
    const code = await onRun(io, "restore", [store, run], async (opened, id) => {
      const restored = await opened.restoreRun(id);
      if (restored.length === 0) return [`not deleted ${await label(opened, id)}`];
      return Promise.all(restored.map(async (each) => `restored ${await label(opened, each)}`));
    });
    if (code !== 0) return code;
  }
  return 0;
};
