import { type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { printable } from "./printable.js";
import { label, onRun, RUN_HELP } from "./run-command.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree tag <store> <run> key=value...

Sets tags on a run after its script (MLflow's set_tag), all or none: on any run no live process is writing.
Only the run's own run.json changes. A value may be empty (key=) and may contain "=".
  runtree tag mlruns 01a2c3f4d5e6 champion=yes reviewed-by=ann

${RUN_HELP}`;

export const tag: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "tag", HELP, {});
  if (typeof parsed === "number") return parsed;
  const [store, run, ...pairs] = parsed.positionals;
  if (store === undefined || run === undefined || pairs.length === 0) return usageError(io, "tag", "expected <store> <run> key=value...");
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0) return usageError(io, "tag", `expected key=value, got "${printable(pair)}"`);
    tags[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return onRun(io, "tag", [store, run], async (runs, id) => {
    await runs.setTags(id, tags);
    return [`tagged ${await label(runs, id)}: ${Object.keys(tags).join(", ")}`];
  });
};
