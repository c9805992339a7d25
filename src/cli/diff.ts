/**
 * `runtree diff <base> [<head>]`: what changed in the store since a commit, read from git objects (no
 * checkout). For reviews and CI: a table in the terminal, markdown for a pull-request comment, JSON for
 * scripts. A bad revision, a store outside any repository, or a base missing from a shallow clone: one
 * line on stderr, exit 2.
 */
import { resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { diffJson } from "../diff/diff-json.js";
import { diffMarkdown } from "../diff/format-markdown.js";
import { diffTable } from "../diff/format-table.js";
import { diffSnapshots, type StoreDiff } from "../diff/store-diff.js";
import type { Objective } from "../format/records.js";
import { readStoreAt, type StoreAtRevision } from "../load/read-at-revision.js";
import { readStore } from "../load/read-store.js";
import { parseObjective } from "../model/objective.js";
import { formatProblem, type Problem } from "../model/problem.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { Exit, type CliIO, type Command } from "./io.js";
import { parseCommand } from "./parse-command.js";
import { printable } from "./printable.js";
import { usageError } from "./usage-error.js";

const HELP = `Usage: runtree diff <base> [<head>] [options]

Compares the store as committed at <base> (any git revision: a branch, a tag, a commit, origin/main)
with the store at <head> (default: the working tree, committed or not). Reads git objects through the
git command: nothing is checked out or written. Runs added, removed and changed (status, end time,
params, tags, latest metric values), grouped by experiment and top-level run, and for every sweep with an
objective its best child's value at <base> and at <head>.

  runtree diff origin/main                       what this branch's experiments add
  runtree diff HEAD~1 HEAD --format markdown     a pull-request comment

Options:
  --store DIR             the store's folder (default: $RUNTREE_DIR, else ./mlruns); runtree or MLflow layout
  --format FORMAT         table (default), markdown, or json
  --json                  same as --format json: { base, head, added, removed, changed, sweeps }
  --objective M:min|max   objective of sweeps that declare none (a declared objective wins)
  --max-rows N            at most N run rows per experiment in a table or markdown (markdown default: 50)
  -h, --help              show this help

Exit status: 0 when the comparison was made (whatever it found); 2 for bad usage, an unknown revision,
a store that is not inside a git repository, or a base that a shallow clone does not have.
`;

/** What makes the comparison impossible: one line, exit 2. */
const INPUT_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.NotInGitRepository,
  ErrorCode.UnknownRevision,
  ErrorCode.ShallowClone,
  ErrorCode.GitUnavailable,
  ErrorCode.StoreNotFound,
  ErrorCode.NotAStore,
]);

const FORMATS = ["table", "markdown", "json"] as const;
type Format = (typeof FORMATS)[number];

export const diff: Command = async (argv, io) => {
  const parsed = parseCommand(argv, io, "diff", HELP, {
    store: { type: "string" },
    format: { type: "string" },
    json: { type: "boolean" },
    objective: { type: "string" },
    "max-rows": { type: "string" },
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals.length < 1 || positionals.length > 2) return usageError(io, "diff", "expected <base> and an optional <head> revision");
  const format = values.json ? "json" : (values.format ?? "table");
  if (!(FORMATS as readonly string[]).includes(format)) return usageError(io, "diff", `--format expects table, markdown or json, got "${format}"`);
  const maxRows = values["max-rows"] === undefined ? undefined : Number(values["max-rows"]);
  if (maxRows !== undefined && !(Number.isSafeInteger(maxRows) && maxRows >= 0)) {
    return usageError(io, "diff", `--max-rows expects a whole number, got "${values["max-rows"]}"`);
  }
  let objective: Objective | null = null;
  try {
    if (values.objective !== undefined) objective = parseObjective(values.objective);
  } catch (error) {
    return usageError(io, "diff", (error as Error).message);
  }
  const store = resolve(io.cwd, values.store ?? (io.env["RUNTREE_DIR"] || "mlruns"));
  const [baseRev, headRev] = positionals as [string, string | undefined];

  let base: StoreAtRevision;
  let head: { commit: string | null; snapshot: StoreSnapshot };
  try {
    base = await readStoreAt(store, baseRev);
    if (headRev === undefined) head = { commit: null, snapshot: await readWorkingTree(store, base) };
    else {
      const at = await readStoreAt(store, headRev);
      if (!at.existed && !base.existed) {
        throw new RuntreeError(ErrorCode.StoreNotFound, `no store at ${store} in ${baseRev} nor in ${headRev}`, { file: store });
      }
      head = at;
    }
  } catch (error) {
    if (error instanceof RuntreeError && INPUT_ERRORS.has(error.code)) {
      io.stderr.write(`runtree diff: ${printable(error.message)}\n`);
      return Exit.Usage;
    }
    throw error;
  }

  const result = diffSnapshots(base.snapshot, head.snapshot, { objective });
  warn(io, base.commit.slice(0, 7), base.snapshot.problems);
  warn(io, head.commit?.slice(0, 7) ?? "working tree", head.snapshot.problems);
  if (result.unreadable.length > 0) {
    io.stderr.write(`warning: ${result.unreadable.length} run(s) skipped on one side and not compared: ${result.unreadable.join(", ")}\n`);
  }
  io.stdout.write(render(format as Format, result, { base: base.commit, baseRev, head: head.commit, headRev, maxRows }));
  return Exit.Ok;
};

/** The working tree's store; a store deleted since the base reads as empty (everything removed). */
async function readWorkingTree(store: string, base: StoreAtRevision): Promise<StoreSnapshot> {
  try {
    return await readStore(store);
  } catch (error) {
    if (!(error instanceof RuntreeError && error.code === ErrorCode.StoreNotFound) || !base.existed) throw error;
    return { root: store, format: base.snapshot.format, experiments: [], runs: [], problems: [] };
  }
}

interface Sides {
  readonly base: string;
  readonly baseRev: string;
  readonly head: string | null;
  readonly headRev: string | undefined;
  readonly maxRows: number | undefined;
}

function render(format: Format, result: StoreDiff, sides: Sides): string {
  if (format === "json") return JSON.stringify(diffJson(result, sides.base, sides.head), null, 2) + "\n";
  const short = (sha: string) => sha.slice(0, 7);
  if (format === "markdown") {
    const head = sides.head === null ? "working tree" : `\`${short(sides.head)}\``;
    return diffMarkdown(result, { title: `\`${short(sides.base)}\` → ${head}`, maxRows: sides.maxRows ?? 50 });
  }
  const name = (sha: string, rev: string) => (rev === sha || short(sha) === rev ? short(sha) : `${short(sha)} (${printable(rev)})`);
  const head = sides.head === null ? "working tree" : name(sides.head, sides.headRev ?? "");
  return diffTable(result, {
    title: `base ${name(sides.base, sides.baseRev)} → ${head}`,
    ...(sides.maxRows !== undefined && { maxRows: sides.maxRows }),
    clean: printable,
  });
}

function warn(io: CliIO, side: string, problems: readonly Problem[]): void {
  for (const problem of problems) io.stderr.write(`warning: ${side}: ${printable(formatProblem(problem))}\n`);
}
