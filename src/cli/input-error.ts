/**
 * Errors about what the user pointed at rather than how they called us: a store that is missing or is no
 * store, an experiment the store does not have. One line on stderr and exit 2, like a usage error, but
 * without the pointer to `--help`, which could not help. A folder that is no store gets the store the
 * user most likely meant, when there is one: `$RUNTREE_DIR`, the `mlruns/` inside it, or `./mlruns`.
 */
import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { detectStoreFormat } from "../load/store-format.js";
import { Exit, type CliIO } from "./io.js";
import { printable } from "./printable.js";

/** Codes that mean "the store or something in it is not what the user said": exit 2 without --help. */
const DATA_ERRORS: ReadonlySet<string> = new Set([ErrorCode.StoreNotFound, ErrorCode.NotAStore, ErrorCode.ExperimentNotFound]);

export function inputError(io: CliIO, command: string, message: string): number {
  io.stderr.write(`runtree ${command}: ${printable(message)}\n`);
  return Exit.Usage;
}

/**
 * The exit code after printing `error` when it is about the store `given` (as the user typed it), or null
 * when it is another error for the caller to handle.
 */
export async function storeError(io: CliIO, command: string, given: string, error: unknown): Promise<number | null> {
  if (!(error instanceof RuntreeError) || !DATA_ERRORS.has(error.code)) return null;
  if (error.code !== ErrorCode.NotAStore) return inputError(io, command, error.message);
  const hint = await likelyStore(io, given);
  const message = `${given} is not a runtree or MLflow store: none of its folders is an experiment (experiment.json or meta.yaml)`;
  return inputError(io, command, hint === null ? message : `${message}; did you mean ${hint}?`);
}

/** The first of `$RUNTREE_DIR`, `<given>/mlruns` and `./mlruns` that is a store other than `given`, as the user would type it. */
async function likelyStore(io: CliIO, given: string): Promise<string | null> {
  const env = io.env["RUNTREE_DIR"];
  const candidates = [
    ...(env ? [{ path: resolve(io.cwd, env), shown: `$RUNTREE_DIR (${env})` }] : []),
    { path: resolve(io.cwd, given, "mlruns"), shown: shownPath(io.cwd, resolve(io.cwd, given, "mlruns")) },
    { path: resolve(io.cwd, "mlruns"), shown: "./mlruns" },
  ];
  const refused = resolve(io.cwd, given);
  for (const { path, shown } of candidates) {
    if (path === refused || !isFolder(path)) continue;
    if ((await detectStoreFormat(path)) !== null) return shown;
  }
  return null;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `./mlruns`, `../project/mlruns`: relative to where the user is, when that is shorter. */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === "" || rel.length >= path.length) return path;
  return rel.startsWith("..") ? rel : `./${rel}`;
}
