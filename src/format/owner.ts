import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * A process's start time as the kernel reports it (clock ticks since boot, Linux), or undefined elsewhere.
 * Recorded next to the pid so that a reused pid is not mistaken for the run's owner.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

export interface Owner {
  readonly host: string;
  readonly pid: number;
  readonly processStart?: string;
}

let owner: Owner | undefined;

/** This process as a run owner; computed once (the pid and its start time do not change). */
export function currentOwner(): Owner {
  if (owner?.pid === process.pid) return owner;
  const start = processStart(process.pid);
  owner = { host: hostname(), pid: process.pid, ...(start !== undefined && { processStart: start }) };
  return owner;
}

/**
 * Whether the owner of a RUNNING run is gone. Only decidable on the owner's own host; a run owned by
 * another machine is assumed alive (we cannot know), so this never calls a live run abandoned.
 */
export function isOwnerGone(owner: Owner | undefined): boolean {
  if (owner === undefined || owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  if (owner.processStart === undefined) return false;
  const now = processStart(owner.pid);
  return now !== undefined && now !== owner.processStart;
}
