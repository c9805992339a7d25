/**
 * A run named by the start of its id, as git names a commit by a short SHA: unique prefixes are enough on
 * the command line (`runtree tag mlruns 01a2c3f4d5e6f7 champion=yes`). Only folder names are listed (one
 * `readdir` per experiment), so the cost does not depend on what the runs hold. Run ids are time-ordered, so
 * runs started together share their first dozen digits: an ambiguous prefix lists the candidates.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { FILE } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";
import { isRunFile } from "../format/schema.js";

/** Fewer digits than git's minimum would match half a store by accident. */
export const MIN_PREFIX = 4;
const SHOWN = 10;

/**
 * The one run id of the store at `root` that starts with `prefix` (a full id is its own prefix).
 * @throws RuntreeError RUN_NOT_FOUND (naming what was expected when `prefix` is not hex digits), or
 *   AMBIGUOUS_RUN_ID listing the candidates (id, experiment folder and name) in `expected`.
 */
export function resolveRunPrefix(root: string, prefix: string): string {
  const wanted = String(prefix).toLowerCase();
  if (!/^[0-9a-f]+$/.test(wanted) || wanted.length < MIN_PREFIX || wanted.length > 32) {
    throw new RuntreeError(ErrorCode.RunNotFound, `${JSON.stringify(prefix)} is not a run id or a prefix of one (expected ${MIN_PREFIX} to 32 hex digits).`, {
      run: String(prefix),
      expected: `${MIN_PREFIX} to 32 hex digits`,
    });
  }
  const found = new Map<string, string[]>();
  let experiments: string[] = [];
  try {
    experiments = readdirSync(root).filter((name) => !name.startsWith("."));
  } catch {
    // A missing store has no runs: the caller's own check names the store.
  }
  for (const dir of experiments.sort()) {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith(wanted) || !RUN_ID.test(name)) continue;
      found.set(name, [...(found.get(name) ?? []), dir]);
    }
  }
  const ids = [...found.keys()].sort();
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new RuntreeError(ErrorCode.RunNotFound, `No run whose id starts with ${wanted} in the store ${root}.`, { run: wanted });
  const candidates = ids.slice(0, SHOWN).map((id) => describeRun(root, id, found.get(id)![0]!));
  const more = ids.length > SHOWN ? `, and ${ids.length - SHOWN} more` : "";
  throw new RuntreeError(
    ErrorCode.AmbiguousRunId,
    `Run id prefix ${wanted} matches ${ids.length} runs; give more digits:\n  ${candidates.join("\n  ")}${more}`,
    { run: wanted, expected: `one of ${ids.slice(0, SHOWN).join(", ")}${more}` },
  );
}

function describeRun(root: string, id: string, dir: string): string {
  try {
    const data: unknown = JSON.parse(readFileSync(join(root, dir, id, FILE.run), "utf8"));
    if (isRunFile(data)) return `${id}  ${dir}  ${JSON.stringify(data.name)}`;
  } catch {
    // unreadable: its id and folder still tell it apart
  }
  return `${id}  ${dir}`;
}
