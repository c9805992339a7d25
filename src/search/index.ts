/**
 * The search language: MLflow's run filter syntax (plus OR, NOT and parentheses) and order-by clauses.
 * Pure and free of Node APIs: the report's browser script bundles this same code for its filter box.
 */
export type { AttributeName, FilterNode, Literal, RelationalOp, Target } from "./ast.js";
export { ATTRIBUTES } from "./ast.js";
export { END_OF_INPUT, SearchSyntaxError, formatSearchError } from "./errors.js";
export { compileFilter, matchesFilter } from "./evaluate.js";
export { compareRunsBy, parseOrderBy, type OrderClause } from "./order.js";
export { parseFilter } from "./parser.js";
export { compileSearch, searchRuns, type CompiledSearch, type SearchOptions } from "./search-runs.js";
export type { SearchableRun } from "./searchable-run.js";
export { searchHint, type KeyLists, type SyntaxProblem } from "./hints.js";
export { namedTargets, parseColumns } from "./named-targets.js";
export { describeTarget } from "./targets.js";
