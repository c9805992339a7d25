/**
 * Compiles the filter box's text with the project's own search module, so a filter means in the report
 * exactly what it means to `runtree search` and `store.searchRuns`.
 */
import { SearchSyntaxError, compileFilter, formatSearchError } from "../../search/index.js";
import type { SearchRun } from "./search-run.js";

export type CompiledFilter =
  | { readonly ok: true; readonly predicate: ((run: SearchRun) => boolean) | null }
  | { readonly ok: false; readonly message: string; readonly position: number; readonly expected: string; readonly found: string };

/** A blank filter compiles to `null` (no filter); a syntax error becomes its message and a caret line. */
export function compileFilterText(text: string): CompiledFilter {
  if (text.trim() === "") return { ok: true, predicate: null };
  try {
    const predicate = compileFilter(text);
    return { ok: true, predicate };
  } catch (error) {
    if (error instanceof SearchSyntaxError) {
      // The sentence says what was expected; the code frame under it points at where.
      return {
        ok: false,
        message: `${error.message}\n${formatSearchError(error, text)}`,
        position: error.position,
        expected: error.expected,
        found: error.found,
      };
    }
    throw error;
  }
}
