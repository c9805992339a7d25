import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { printable } from "./printable.js";
import { label, onRun, RUN_HELP } from "./run-command.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree note <store> <run> <markdown>
       runtree note <store> <run> --file NOTE.md
       runtree note <store> <run> --clear

Sets a run's note: Markdown, shown on its report page (rendered safely: no raw HTML, only http(s) links).
It is the run's description, MLflow's mlflow.note.content. Only the run's own run.json changes. A note
that starts with "-" (a list) goes after "--":  runtree note mlruns 01a2c3f4d5e6 -- "- first point"

Options:
  --file FILE   read the note from a file (UTF-8)
  --clear       remove the note
  -h, --help    show this help

${RUN_HELP}`;

export const note: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "note", HELP, { file: { type: "string" }, clear: { type: "boolean" } });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const [store, run, text, ...extra] = positionals;
  const sources = [text !== undefined, values.file !== undefined, values.clear === true].filter(Boolean).length;
  if (store === undefined || run === undefined || extra.length > 0 || sources !== 1) {
    return usageError(io, "note", "expected <store> <run> and one of: the note's text, --file FILE, --clear");
  }
  let markdown = values.clear === true ? "" : (text ?? "");
  if (values.file !== undefined) {
    try {
      markdown = readFileSync(resolve(io.cwd, values.file), "utf8");
    } catch (error) {
      return usageError(io, "note", `cannot read ${printable(values.file)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return onRun(io, "note", [store, run], async (runs, id) => {
    await runs.setNote(id, markdown);
    return [`${markdown === "" ? "cleared the note of" : "noted"} ${await label(runs, id)}`];
  });
};
