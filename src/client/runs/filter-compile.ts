/**
 * Compiles the filter box's text with the project's own search module, so a filter means in the report
 * exactly what it means to `runtree search` and `store.searchRuns`.
 */
import { SearchSyntaxError, formatSearchError, parseFilter, type FilterNode } from "../../search/index.js";

export type CompiledFilter =
  | { readonly ok: true; readonly filter: FilterNode | null }
  | { readonly ok: false; readonly message: string; readonly position: number; readonly expected: string; readonly found: string };

/**
 * A blank filter compiles to `null` (no filter); a syntax error becomes its message and a caret line. The
 * parsed filter is what `matchesFilter` evaluates, and tells which keys a run must be given (search-cursor.ts).
 */
export function compileFilterText(text: string): CompiledFilter {
  if (text.trim() === "") return { ok: true, filter: null };
  try {
    return { ok: true, filter: parseFilter(text) };
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
