/** runtree's public API: one entry, explicit named exports. */
export { openStore, Store, type StoreOptions } from "./store/open-store.js";
export type { SearchRunsOptions, RunView } from "./store/search-store.js";
export type { PurgeOptions, PurgeResult, PurgedRun } from "./store/purge.js";
export type { ChildrenOptions } from "./store/family.js";
export { Experiment, type StartRunOptions } from "./store/experiment.js";
export { Run, type ChildOptions, type MetricOptions } from "./store/run.js";
export { RuntreeError, ErrorCode, type ErrorContext } from "./errors.js";
export { readStore, type ReadOptions } from "./load/read-store.js";
export type { StoreSnapshot } from "./model/store-snapshot.js";
export { readMetricHistory } from "./load/histories.js";
export { listArtifacts } from "./reader/run-files.js";
export type { HistoryPoint } from "./model/history-point.js";
export type { RunRecord, MetricSummary, BestChild } from "./model/run-record.js";
export type { ExperimentRecord } from "./model/experiment-record.js";
export type { Problem } from "./model/problem.js";
export { buildForest, descendants, ancestors, type RunForest } from "./model/tree.js";
export { RunStatus, type EndStatus, type Objective, type ParamValue, type DeletedFile } from "./format/records.js";
export { keyProblem } from "./format/keys.js";
export { experimentDir } from "./format/experiment-dir.js";
export {
  searchRuns,
  compileFilter,
  parseFilter,
  parseOrderBy,
  compareRunsBy,
  matchesFilter,
  SearchSyntaxError,
  formatSearchError,
  type SearchableRun,
  type FilterNode,
  type OrderClause,
  type SearchOptions,
} from "./search/index.js";
export { readMlflowStore, type MlflowReadOptions } from "./mlflow/read.js";
export { historyShelf, type HistoryShelf, type Histories, type PackedHistories } from "./mlflow/history-shelf.js";
export { isMlflowStore, detectStoreFormat, type StoreFormat } from "./load/store-format.js";
export { readMlflowMetricHistory } from "./mlflow/metric-history.js";
export { importMlflow, type ImportResult } from "./convert/mlflow-import.js";
export { exportMlflow, type ExportResult } from "./convert/mlflow-export.js";
export { checkStore, type CheckResult } from "./load/check-store.js";
export { buildReport, type BuildOptions, type BuildProgress, type BuildResult } from "./report/build-on-demand.js";
export { readStoreAt, type StoreAtRevision } from "./load/read-at-revision.js";
export { openGitStore, type GitStore } from "./source/git-source.js";
export { fsSource } from "./source/fs-source.js";
export type { StoreSource, SourceEntry, EntryKind } from "./source/store-source.js";
export { diffSnapshots, type StoreDiff, type DiffEntry, type DiffOptions, type ExperimentDiff, type TopLevelGroup } from "./diff/store-diff.js";
export type { SweepChange } from "./diff/sweep-changes.js";
