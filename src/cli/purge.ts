import { resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { formatUtcShort } from "../report/format.js";
import { openStore } from "../store/open-store.js";
import { parseAge } from "./duration.js";
import { Exit, type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { printable } from "./printable.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree purge <store> [--older-than AGE] [--dry-run]

Removes for good the folders of deleted runs (see "runtree delete"), one line per run. A run is removed only
with every run below it: a deleted sweep whose trial was restored stays, and is listed as kept. The child
link a removed run left in its parent's folder goes too. Commit the result to make it permanent in git.

Options:
  --older-than AGE   only runs deleted at least AGE ago: a whole number and a unit, s m h d or w (30d, 12h)
  --dry-run          list what would be removed, remove nothing
  -h, --help         show this help
`;

export const purge: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "purge", HELP, { "older-than": { type: "string" }, "dry-run": { type: "boolean" } });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usageError(io, "purge", "expected exactly one argument: the store folder");
  const age = values["older-than"];
  const olderThan = age === undefined ? 0 : parseAge(age);
  if (olderThan === undefined) return usageError(io, "purge", `--older-than expects a whole number and a unit (s, m, h, d, w), like 30d; got "${printable(age ?? "")}"`);
  const dryRun = values["dry-run"] === true;
  let result;
  try {
    result = await openStore(resolve(io.cwd, positionals[0]!)).purge({ olderThan, dryRun });
  } catch (error) {
    if (error instanceof RuntreeError && (error.code === ErrorCode.StoreNotFound || error.code === ErrorCode.InvalidArgument)) return usageError(io, "purge", error.message);
    throw error;
  }
  const verb = dryRun ? "would remove" : "removed";
  for (const run of result.purged) {
    io.stdout.write(printable(`${verb} ${run.path}  ${run.name}  (${run.experiment}; deleted ${formatUtcShort(run.deletedTime)})`) + "\n");
  }
  for (const run of result.kept) io.stdout.write(printable(`kept ${run.path}: ${run.reason}`) + "\n");
  const count = `${result.purged.length} deleted run${result.purged.length === 1 ? "" : "s"}`;
  io.stderr.write(dryRun ? `${count} would be removed (dry run: nothing removed)\n` : `${count} removed\n`);
  return Exit.Ok;
};
