/**
 * A file git could not merge: it holds both sides between conflict markers. Two clones that edit the same
 * run (its tags, say) can leave its `run.json` like that; the reader reports it by what it is, with what to
 * do, instead of as a parse error, and skips only that run.
 */
import type { Problem } from "../model/problem.js";

/** `<<<<<<< ours`, `=======`, `>>>>>>> theirs` (and diff3's `||||||| base`) at the start of a line. */
const MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?: |$)/m;

export function hasConflictMarkers(text: string): boolean {
  return MARKER.test(text);
}

/** The problem of a JSON file left with conflict markers (`run.json`, `experiment.json`, a child link). */
export function conflictedFile(file: string): Problem {
  return {
    file,
    code: "MERGE_CONFLICT",
    message:
      "unresolved git merge conflict: both sides are in the file between <<<<<<< and >>>>>>> markers (two clones changed it). " +
      "Keep one side, or both sides' changes as one JSON object, remove the markers, then git add the file; skipped until then",
  };
}

/** The problem of a conflict marker line in an append-only `metrics.jsonl`. */
export function conflictedLine(where: string): Problem {
  return {
    file: where,
    code: "MERGE_CONFLICT",
    message: "git merge conflict marker: the history is append-only, so keep both sides' lines and remove the markers; line skipped",
  };
}
