/**
 * Every error runtree throws on purpose. Callers branch on `code` (or `instanceof RuntreeError`),
 * never on the message, which is written for people.
 */
export const ErrorCode = {
  InvalidKey: "INVALID_KEY",
  InvalidValue: "INVALID_VALUE",
  InvalidStep: "INVALID_STEP",
  InvalidTimestamp: "INVALID_TIMESTAMP",
  InvalidName: "INVALID_NAME",
  InvalidArgument: "INVALID_ARGUMENT",
  ParamChanged: "PARAM_CHANGED",
  RunEnded: "RUN_ENDED",
  UnknownParent: "UNKNOWN_PARENT",
  ParentInOtherExperiment: "PARENT_IN_OTHER_EXPERIMENT",
  RunNotFound: "RUN_NOT_FOUND",
  ExperimentNotFound: "EXPERIMENT_NOT_FOUND",
  ExperimentConflict: "EXPERIMENT_CONFLICT",
  InvalidArtifactPath: "INVALID_ARTIFACT_PATH",
  ArtifactNotFound: "ARTIFACT_NOT_FOUND",
  SchemaViolation: "SCHEMA_VIOLATION",
  CorruptFile: "CORRUPT_FILE",
  StoreNotFound: "STORE_NOT_FOUND",
  NotAStore: "NOT_A_STORE",
  SearchSyntax: "SEARCH_SYNTAX",
  NotInGitRepository: "NOT_IN_GIT_REPOSITORY",
  UnknownRevision: "UNKNOWN_REVISION",
  ShallowClone: "SHALLOW_CLONE",
  GitUnavailable: "GIT_UNAVAILABLE",
  RunLive: "RUN_LIVE",
  RunBusy: "RUN_BUSY",
  RunDeleted: "RUN_DELETED",
  TagNotFound: "TAG_NOT_FOUND",
  AmbiguousRunId: "AMBIGUOUS_RUN_ID",
  /** The file system refused a write (full disk, read-only store, permissions): the message names the path. */
  WriteFailed: "WRITE_FAILED",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where an error happened; every field is optional and only the known ones are set. */
export interface ErrorContext {
  readonly file?: string;
  readonly run?: string;
  readonly experiment?: string;
  readonly key?: string;
  readonly pointer?: string;
  readonly expected?: string;
  readonly found?: string;
  /** The process holding a run (`RUN_LIVE`, `RUN_BUSY`): its host and pid. */
  readonly host?: string;
  readonly pid?: number;
}

export class RuntreeError extends Error {
  override name = "RuntreeError";
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }
}

/*
 * What a failed write tells its caller: which file, and why, in words and as the system's code. A full
 * disk, a read-only store or a refused permission reaches the user as one clear sentence naming the path,
 * never as a bare `ENOSPC: no space left on device, write` that says neither which file nor which run.
 */
const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENAMETOOLONG: "the name is too long for the file system",
  EIO: "input/output error",
  EMFILE: "too many open files in this process",
  ENFILE: "too many open files on the system",
  ELOOP: "it is a symbolic link, and runtree writes through none (a link in a store could lead anywhere on the machine)",
};

/**
 * The error for `action` (e.g. "write", "append to") on `path` failing with `error`. Any other RuntreeError
 * is passed through unchanged: it already says what went wrong.
 * @example throw writeFailed("append to", "/store/e/run/metrics.jsonl", error)
 */
export function writeFailed(action: string, path: string, error: unknown): RuntreeError {
  // A failed write inside a bigger step (run.json inside a run folder being made) is told as that step.
  if (error instanceof RuntreeError && error.code === ErrorCode.WriteFailed && error.cause !== undefined) error = error.cause;
  if (error instanceof RuntreeError) return error;
  // Not NodeJS.ErrnoException: this file is also part of the browser script's build, which has no Node types.
  const found = (error as { code?: unknown } | null)?.code;
  const code = typeof found === "string" ? found : "";
  const reason = REASONS[code] ?? (error instanceof Error ? error.message : String(error));
  return new RuntreeError(ErrorCode.WriteFailed, `cannot ${action} ${path}: ${reason}${code ? ` (${code})` : ""}`, { file: path, found: code }, { cause: error });
}
