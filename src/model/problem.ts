/** Something wrong with one file of a store. Readers collect these; they never throw for one bad file. */
export interface Problem {
  /** Path of the file (or directory), relative to the store root, with `/` separators. */
  readonly file: string;
  /** Machine-readable reason, e.g. CORRUPT_FILE, SCHEMA_VIOLATION, MISPLACED_RUN. */
  readonly code: string;
  /** What was expected and what was found, for people. */
  readonly message: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}: ${problem.message}`;
}
