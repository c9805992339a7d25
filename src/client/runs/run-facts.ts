/**
 * Facts about a run that the table shows and sorts by but that are not stored as such: the status a user
 * should see and the run's duration. Sorting and display share them so they never disagree.
 */
import type { RunNode } from "./run-index.js";

/** A RUNNING run whose process died is ABANDONED, not forever running. */
export function displayStatus(node: RunNode): string {
  return node.run.abandoned ? "ABANDONED" : node.run.status;
}

/** Milliseconds from start to end; null while the run has no end. */
export function durationOf(node: RunNode): number | null {
  return node.run.endTime === null ? null : node.run.endTime - node.run.startTime;
}
