/**
 * `store.searchRuns`: a search over the store's files as they are now, in either format. The filter is
 * compiled before a file is read, and runs are offered to it as they are read, so only the results are kept.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import { scanStore } from "../load/read-store.js";
import type { RunRecord } from "../model/run-record.js";
import { compileSearch } from "../search/index.js";

export interface SearchRunsOptions {
  /** Experiment name(s) to search; default all. */
  readonly experiment?: string | readonly string[];
  /** Filter in MLflow's grammar plus OR, NOT and parentheses, e.g. `params.lr < 0.01 and metrics.loss < 0.5`. */
  readonly filter?: string;
  /** e.g. `["metrics.loss ASC", "attributes.start_time DESC"]`; missing values and NaN sort last. */
  readonly orderBy?: readonly string[];
  readonly maxResults?: number;
  /** Like MLflow's `run_view_type`: "active" (default) leaves deleted runs out, "deleted" finds only them. */
  readonly view?: RunView;
}

export type RunView = "active" | "deleted" | "all";
const VIEWS: readonly RunView[] = ["active", "deleted", "all"];

/**
 * The runs of the store at `root` that match `options`, ordered and cut as asked.
 * @throws SearchSyntaxError for a bad filter or order; RuntreeError EXPERIMENT_NOT_FOUND, INVALID_ARGUMENT.
 */
export async function searchStore(root: string, options: SearchRunsOptions): Promise<RunRecord[]> {
  const view = options.view ?? "active";
  if (!VIEWS.includes(view)) {
    throw new RuntreeError(ErrorCode.InvalidArgument, `view must be "active", "deleted" or "all", not ${JSON.stringify(view)}.`, {
      expected: '"active" | "deleted" | "all"',
      found: String(view),
    });
  }
  const inView = (run: RunRecord) => view === "all" || (run.deleted !== undefined) === (view === "deleted");
  // Compiled first, so that a bad filter fails before a file is read; then each run is offered to the
  // search as it is read, and only results are kept (100,000 runs are never all in memory at once).
  const search = compileSearch({
    ...(options.filter !== undefined && { filter: options.filter }),
    ...(options.orderBy !== undefined && { orderBy: options.orderBy }),
    ...(options.maxResults !== undefined && { maxResults: options.maxResults }),
  });
  const names = options.experiment === undefined ? undefined : new Set(typeof options.experiment === "string" ? [options.experiment] : options.experiment);
  const found = search.collector<RunRecord>();
  const scan = await scanStore(root, {
    ...(names && { experiments: names }),
    onRun: (run) => inView(run) && (!names || names.has(run.experiment)) && found.add(run),
  });
  if (names) {
    const known = new Set(scan.experiments);
    const missing = [...names].filter((name) => !known.has(name));
    if (missing.length > 0) {
      const names = [...known].map((n) => JSON.stringify(n)).join(", ") || "none";
      throw new RuntreeError(ErrorCode.ExperimentNotFound, `No experiment named ${missing.map((n) => JSON.stringify(n)).join(", ")} in the store ${root} (experiments: ${names}).`, {
        experiment: missing[0]!,
        expected: `one of ${names}`,
      });
    }
  }
  return found.result();
}
