import { resolve } from "node:path";
import { RuntreeError } from "../errors.js";
import type { RunRecord } from "../model/run-record.js";
import { openStore } from "../store/open-store.js";
import { SearchSyntaxError, formatSearchError } from "../search/index.js";
import { Exit, type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { usageError } from "./usage-error.js";
import { printable } from "./printable.js";

const HELP = `Usage: runtree search <store> [filter] [options]

Lists the runs that match a filter, in MLflow's search grammar plus OR, NOT and parentheses:
  runtree search mlruns "tags.test_identifier = 'params_test_2' and metrics.metric1 < 0.5"

Options:
  --experiment NAME   only this experiment (repeatable)
  --order-by CLAUSE   e.g. "metrics.metric1 ASC" (repeatable); missing values and NaN sort last
  --max N             at most N runs
  --view VIEW         active (default), deleted or all: deleted runs are left out unless asked for
  --json              print the runs as JSON instead of a table
  -h, --help          show this help
`;

export const search: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "search", HELP, {
    experiment: { type: "string", multiple: true },
    "order-by": { type: "string", multiple: true },
    max: { type: "string" },
    json: { type: "boolean" },
    view: { type: "string" },
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals.length < 1 || positionals.length > 2) return usageError(io, "search", "expected <store> and an optional filter");
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && !(Number.isSafeInteger(max) && max > 0)) return usageError(io, "search", `--max expects a positive integer, got "${values.max}"`);
  const view = values.view ?? "active";
  if (view !== "active" && view !== "deleted" && view !== "all") return usageError(io, "search", `--view expects active, deleted or all, got "${printable(view)}"`);
  const filter = positionals[1] ?? "";
  let runs: RunRecord[];
  try {
    runs = await openStore(resolve(io.cwd, positionals[0]!)).searchRuns({
      filter,
      ...(values.experiment && { experiment: values.experiment }),
      ...(values["order-by"] && { orderBy: values["order-by"] }),
      ...(max !== undefined && { maxResults: max }),
      view,
    });
  } catch (error) {
    if (error instanceof SearchSyntaxError) {
      io.stderr.write(`runtree search: ${error.message}\n${formatSearchError(error, filter)}\n`);
      return Exit.Usage;
    }
    if (error instanceof RuntreeError) return usageError(io, "search", error.message);
    throw error;
  }
  io.stdout.write(values.json ? JSON.stringify(runs.map(publicFields), null, 2) + "\n" : table(runs));
  return Exit.Ok;
};

function publicFields(run: RunRecord) {
  const { dir: _dir, experimentDir: _experimentDir, metricSummaries: _summaries, ...rest } = run;
  // JSON has no NaN or Infinity: spell them as strings, as the store does.
  const metrics = Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)]));
  return { ...rest, metrics };
}

function table(runs: readonly RunRecord[]): string {
  const rows = [["RUN ID", "EXPERIMENT", "NAME", "STATUS", "PARENT", "METRICS"]];
  for (const run of runs) {
    const metrics = Object.entries(run.metrics)
      .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : Number(v.toPrecision(6))}`)
      .join(" ");
    const status = run.abandoned ? "ABANDONED" : run.status;
    rows.push([run.id, run.experiment, run.name, run.deleted ? `${status} (deleted)` : status, run.parentId ?? "-", metrics]);
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const lines = rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join("  ").trimEnd());
  return lines.join("\n") + `\n(${runs.length} run${runs.length === 1 ? "" : "s"})\n`;
}
