import { resolve } from "node:path";
import { RuntreeError } from "../errors.js";
import type { RunRecord } from "../model/run-record.js";
import { openStore } from "../store/open-store.js";
import { namedTargets, parseColumns, parseFilter, parseOrderBy, SearchSyntaxError, type Target } from "../search/index.js";
import { storeError } from "./input-error.js";
import { Exit, type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { searchTable } from "./search-table.js";
import { keysOf, syntaxError } from "./syntax-error.js";
import { usageError } from "./usage-error.js";
import { printable } from "./printable.js";

const HELP = `Usage: runtree search <store> [filter] [options]

Lists the runs that match a filter, in MLflow's search grammar plus OR, NOT and parentheses:
  runtree search mlruns "tags.test_identifier = 'params_test_2' and metrics.metric1 < 0.5"
The params, metrics and tags the filter and --order-by name are shown as columns.
A key with spaces goes in backticks: metrics.\`val loss\` < 0.5

Options:
  --experiment NAME   only this experiment (repeatable)
  --order-by CLAUSE   e.g. "metrics.metric1 ASC" (repeatable); missing values and NaN sort last
  --columns LIST      more columns, e.g. "params.lr,metrics.loss,tags.round"
  --max N             at most N runs
  --view VIEW         active (default), deleted or all: deleted runs are left out unless asked for
  --json              print the runs as JSON instead of a table
  -h, --help          show this help
`;

export const search: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "search", HELP, {
    experiment: { type: "string", multiple: true },
    "order-by": { type: "string", multiple: true },
    columns: { type: "string", multiple: true },
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
  const given = positionals[0]!;
  const store = openStore(resolve(io.cwd, given));
  const filter = positionals[1] ?? "";
  const orderBy = values["order-by"] ?? [];

  // Each text parsed on its own first, so an error names the one at fault and points into it.
  const keys = () => keysOf(async () => (await store.read()).runs);
  const node = attempt(() => parseFilter(filter));
  if (node instanceof SearchSyntaxError) return syntaxError(io, "search", null, node, keys);
  const clauses = attempt(() => parseOrderBy(orderBy));
  if (clauses instanceof SearchSyntaxError) return syntaxError(io, "search", "--order-by", clauses, keys);
  const asked = attempt(() => (values.columns ?? []).flatMap(parseColumns));
  if (asked instanceof SearchSyntaxError) return syntaxError(io, "search", "--columns", asked, keys);
  const columns = [...asked, ...namedTargets(node, clauses)];

  let runs: RunRecord[];
  try {
    runs = await store.searchRuns({
      filter,
      ...(values.experiment && { experiment: values.experiment }),
      orderBy,
      ...(max !== undefined && { maxResults: max }),
      view,
    });
  } catch (error) {
    const code = await storeError(io, "search", given, error);
    if (code !== null) return code;
    if (error instanceof RuntreeError) return usageError(io, "search", error.message);
    throw error;
  }
  io.stdout.write(values.json ? JSON.stringify(runs.map(publicFields), null, 2) + "\n" : searchTable(runs, unique(columns)));
  return Exit.Ok;
};

function publicFields(run: RunRecord) {
  const { dir: _dir, experimentDir: _experimentDir, metricSummaries: _summaries, ...rest } = run;
  // JSON has no NaN or Infinity: spell them as strings, as the store does.
  const metrics = Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)]));
  return { ...rest, metrics };
}

function attempt<T>(parse: () => T): T | SearchSyntaxError {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SearchSyntaxError) return error;
    throw error;
  }
}

/** Columns asked for twice (by --columns and by the filter) are shown once, where first named. */
function unique(columns: readonly Target[]): Target[] {
  const seen = new Set<string>();
  return columns.filter((target) => {
    const id = `${target.kind}\0${target.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
