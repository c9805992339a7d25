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
