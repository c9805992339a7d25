/**
 * `report <store> <out>` (also `npx report`): builds the static HTML report. Bad arguments, a missing store
 * or an output folder we may not replace: one line on stderr, exit 2, nothing written. Unreadable files in
 * the store: one warning each on stderr, and the report is still built (exit 0). With `--watch` it then
 * keeps the report up to date until Ctrl-C (report-watch.ts).
 */
import { join, resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { formatProblem } from "../model/problem.js";
import type { Objective } from "../format/records.js";
import { buildReport, DEFAULT_TITLE, type BuildOptions, type BuildProgress } from "../report/build.js";
import { parseObjective } from "../model/objective.js";
import { Exit, type CliIO, type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { readStore } from "../load/read-store.js";
import { SearchSyntaxError } from "../search/index.js";
import { storeError } from "./input-error.js";
import { keysOf, syntaxError } from "./syntax-error.js";
import { printable } from "./printable.js";
import { watchAndRebuild } from "./report-watch.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: report <store> <out> [options]
       runtree report <store> <out> [options]

Builds a static HTML site of a store (runtree or MLflow layout) in <out>: an index of experiments, a page
per experiment and per run, nested runs, sweeps. It opens from file:// and makes no network request.
<out> is created if missing; a previous report there is updated in place (only pages whose inputs changed
are made again, only files whose bytes change are written); any other non-empty folder is refused.

Options:
  --filter EXPR           only runs matching EXPR (search syntax), kept with their ancestors
  --experiment NAME       only this experiment, by name or folder (repeatable)
  --objective M:min|max   best child of a sweep by metric M, for runs that declare no objective
                          (an objective declared by a run wins for that run)
  --base REV              mark what is new since the git revision REV (a branch, tag or commit): a "new"
                          badge on runs added since, a "new since" filter, sweeps' best then and now
  --title TEXT            the site's title (default "${DEFAULT_TITLE}")
  --stamp                 print the build time on the index (otherwise the same store gives the same bytes)
  --watch                 keep the report up to date: after the build, rebuild it (incrementally) whenever
                          the store changes, one line per rebuild, until Ctrl-C; its pages, left open in
                          a browser, refresh their data by themselves (keeping filter, sort, open rows, zoom)
  --poll                  with --watch: look at the store every second instead of relying on file-system
                          events (automatic on NFS, SMB, FUSE, 9p, or when events cannot be set up)
  --jobs N                read big MLflow experiments and make run pages on N cores (default: one per
                          core, up to 4, for an experiment of 1,000 runs or more; 1 keeps to the main
                          thread); the same bytes either way
  --quiet                 no progress and no summary (warnings about bad files still print)
  -h, --help              show this help
`;

/** Codes that mean "the input or the arguments are wrong": exit 2, as for a usage error. */
const INPUT_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.InvalidArgument,
  ErrorCode.NotInGitRepository,
  ErrorCode.UnknownRevision,
  ErrorCode.ShallowClone,
  ErrorCode.GitUnavailable,
]);

function progressPrinter(io: CliIO, enabled: boolean) {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(progress: BuildProgress) {
      if (!enabled) return;
      const now = Date.now();
      // Short builds stay silent; long ones redraw a few times a second.
      if (now - started < 500 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const what = progress.phase === "read" ? "reading runs" : "writing run pages";
      const count = progress.total === null ? `${progress.done}` : `${progress.done}/${progress.total}`;
      io.stderr.write(`\r\x1b[Kreport: ${what} ${count}`);
    },
    clear() {
      if (drawn) io.stderr.write("\r\x1b[K");
    },
  };
}

export const report: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "report", HELP, {
    filter: { type: "string" },
    experiment: { type: "string", multiple: true },
    objective: { type: "string" },
    base: { type: "string" },
    title: { type: "string" },
    quiet: { type: "boolean" },
    stamp: { type: "boolean" },
    watch: { type: "boolean" },
    poll: { type: "boolean" },
    jobs: { type: "string" },
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 2) return usageError(io, "report", "expected <store> and <out>");
  const [store, out] = positionals as [string, string];
  if (values.poll && !values.watch) return usageError(io, "report", "--poll goes with --watch");
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(/^\d+$/.test(values.jobs!) && jobs >= 1)) {
    return usageError(io, "report", `--jobs expects a whole number of at least 1, got ${JSON.stringify(values.jobs)}`);
  }
  let objective: Objective | null = null;
  try {
    if (values.objective !== undefined) objective = parseObjective(values.objective);
  } catch (error) {
    return usageError(io, "report", (error as Error).message);
  }

  const options: BuildOptions = {
    store: resolve(io.cwd, store),
    out: resolve(io.cwd, out),
    experiments: values.experiment ?? [],
    ...(values.filter !== undefined && { filter: values.filter }),
    objective,
    ...(values.title !== undefined && { title: values.title }),
    ...(values.base !== undefined && { base: values.base }),
    stamp: values.stamp ? Date.now() : null,
    ...(values.watch && { live: true }),
    ...(jobs !== undefined && { jobs }),
  };
  const progress = progressPrinter(io, io.stderr.isTTY === true && values.quiet !== true);
  let result;
  try {
    result = await buildReport({ ...options, onProgress: (p) => progress.update(p) });
  } catch (error) {
    progress.clear();
    const code = await storeError(io, "report", store, error);
    if (code !== null) return code;
    if (error instanceof SearchSyntaxError) {
      return syntaxError(io, "report", "--filter", error, () => keysOf(async () => (await readStore(resolve(io.cwd, store))).runs), true);
    }
    if (error instanceof RuntreeError && INPUT_ERRORS.has(error.code)) {
      io.stderr.write(`runtree report: ${printable(error.message)}\n`);
      return Exit.Usage;
    }
    throw error;
  }
  progress.clear();
  const printed = new Set(result.problems.map((problem) => printable(formatProblem(problem))));
  for (const text of printed) io.stderr.write(`warning: ${text}\n`);
  if (!values.quiet) {
    const fresh = result.newSince ? ` (${result.newSince.runs} new since ${result.newSince.commit.slice(0, 7)})` : "";
    const problems = result.problems.length > 0 ? `, ${result.problems.length} problem(s)` : "";
    io.stdout.write(
      `report: ${result.experiments} experiment(s), ${result.runs} run(s)${fresh}${problems} -> ${printable(join(out, "index.html"))}\n`,
    );
  }
  if (!values.watch) return Exit.Ok;
  return watchAndRebuild(io, {
    store,
    storePath: options.store,
    out,
    poll: values.poll === true,
    quiet: values.quiet === true,
    // The stamp of a watched report stays the first build's: a rebuild that changes nothing writes nothing.
    build: () => buildReport(options),
    printed,
  });
};
