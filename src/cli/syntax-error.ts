/**
 * A filter, order-by clause or column list that does not parse: the message, the text with a caret under
 * the position, and a hint when one applies (the same hints the report's filter box gives). The hint may
 * name keys the runs have, so the caller passes a way to get them (reading the store is skipped when
 * there is no hint to look for).
 */
import type { RunRecord } from "../model/run-record.js";
import { formatSearchError, searchHint, type KeyLists, type SearchSyntaxError } from "../search/index.js";
import { Exit, type CliIO } from "./io.js";
import { printable } from "./printable.js";

/**
 * Prints the error and returns exit code 2. `option` names where the text came from (`--order-by`), or is
 * null for a command's filter argument. `oneLine` keeps to the one-line contract of `report`'s bad
 * arguments: no frame (the message names the position), and the hint in parentheses.
 */
export async function syntaxError(
  io: CliIO,
  command: string,
  option: string | null,
  error: SearchSyntaxError,
  keys: () => Promise<KeyLists>,
  oneLine = false,
): Promise<number> {
  const where = option === null ? "" : `${option}: `;
  const hint = searchHint(error, await keys());
  const head = `runtree ${command}: ${where}${printable(error.message)}`;
  if (oneLine) {
    io.stderr.write(`${head}${hint === null ? "" : ` (${printable(hint)})`}\n`);
    return Exit.Usage;
  }
  // The frame keeps one character per column so the caret stays under the right one.
  const frame = formatSearchError(error).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === "\n" ? c : "?"));
  io.stderr.write(`${head}\n${frame}\n${hint === null ? "" : `hint: ${printable(hint)}\n`}`);
  return Exit.Usage;
}

/** The keys of the runs, sorted, for hints; none when reading fails (the hint is a courtesy). */
export async function keysOf(read: () => Promise<readonly RunRecord[]>): Promise<KeyLists> {
  let runs: readonly RunRecord[];
  try {
    runs = await read();
  } catch {
    runs = [];
  }
  const collect = (pick: (run: RunRecord) => object) => [...new Set(runs.flatMap((run) => Object.keys(pick(run))))].sort();
  return { paramKeys: collect((r) => r.params), metricKeys: collect((r) => r.metrics), tagKeys: collect((r) => r.tags) };
}
