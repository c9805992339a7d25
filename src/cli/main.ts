/** The `runtree` command: dispatches to one command per file. The only place that knows them all. */
import { readFileSync } from "node:fs";
import { check } from "./check.js";
import { diff } from "./diff.js";
import { exportCommand } from "./export.js";
import { importCommand } from "./import.js";
import { Exit, processIO, type CliIO, type Command } from "./io.js";
import { report } from "./report.js";
import { search } from "./search.js";
import { purge } from "./purge.js";
import { tag } from "./tag.js";
import { untag } from "./untag.js";
import { rename } from "./rename.js";
import { note } from "./note.js";
import { deleteCommand } from "./delete.js";
import { restore } from "./restore.js";

const COMMANDS: Readonly<Record<string, Command>> = {
  report,
  search,
  check,
  diff,
  import: importCommand,
  export: exportCommand,
  tag,
  untag,
  rename,
  note,
  delete: deleteCommand,
  restore,
  purge,
};

const HELP = `Usage: runtree <command> [options]

Commands:
  report <store> <out>           build the static HTML report (also: npx report <store> <out>)
  search <store> [filter]        list runs matching a filter (table or --json)
  check <store>                  validate every file; exit 1 on any problem (pre-commit hook)
  diff <base> [<head>]           what changed in the store since a git revision (table, markdown, --json)
  import mlflow <src> <store>    convert an MLflow file store (mlruns/) into a runtree store
  export mlflow <store> <dst>    write a runtree store in MLflow's file-store layout
  tag <store> <run> key=value... set tags on a run after its script (untag <store> <run> key... removes)
  rename <store> <run> <name>    rename a run
  note <store> <run> <markdown>  set a run's note, shown on its report page (--file, --clear)
  delete <store> <run>...        delete runs with their descendants (soft; restore <store> <run>... undoes)
  purge <store>                  remove deleted runs' folders for good (--older-than 30d, --dry-run)

<run> is a run id or a unique prefix of one (at least 4 hex digits).

Run "runtree <command> --help" for a command's options.
  --version   print the version
`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(HELP);
    return name === undefined ? Exit.Usage : Exit.Ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(version() + "\n");
    return Exit.Ok;
  }
  if (rest.includes("--version")) {
    io.stdout.write(version() + "\n");
    return Exit.Ok;
  }
  // The command name is user input: "constructor" must not find Object.prototype's.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`runtree: unknown command "${name}" (expected one of: ${Object.keys(COMMANDS).join(", ")}; see --help)\n`);
    return Exit.Usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr.write(`runtree ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return Exit.Problems;
  }
}
