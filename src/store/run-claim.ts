/**
 * A short exclusive claim on one run while a process reads its `run.json`, decides and rewrites it (an edit,
 * a deletion, the start of a resume). Without it, two `runtree tag` commands would each rewrite the file
 * from what they read and one tag would be lost, and two resumes of one abandoned run would both become its
 * writer. The claim is a file created with O_EXCL in the run's folder, holding its owner; it lives for
 * milliseconds and is removed when the work is done.
 *
 * A claim left behind by a process that died holding it is stale and taken over: when its owner is known to
 * be gone, or when it is older than `STALE_AFTER_MS` (a claim committed to git by accident, or one from a
 * machine we cannot ask). Two processes taking over the same stale claim at the same instant could both
 * proceed; that needs a crash during an edit and a race after it, and costs at worst one lost edit.
 * The file's name starts with a dot: readers open exact names only, so it is never data.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ErrorCode, RuntreeError } from "../errors.js";
import { currentOwner, isOwnerGone, type Owner } from "../format/owner.js";

export const CLAIM_FILE = ".runtree-claim";
const STALE_AFTER_MS = 60_000;
const WAIT_MS = 25;
const ATTEMPTS = 400; // up to ten seconds of waiting for other edits of the same run

interface Claim extends Owner {
  readonly time: number;
}

/** Runs `work` while holding the claim on the run in `runDir`; waits briefly for another holder. */
export async function withRunClaim<T>(runDir: string, runId: string, work: () => T | Promise<T>): Promise<T> {
  const path = join(runDir, CLAIM_FILE);
  for (let attempt = 1; !tryClaim(path); attempt++) {
    const holder = readClaim(path);
    if (holder === undefined) continue; // released meanwhile
    if (isStale(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    if (attempt >= ATTEMPTS) {
      const who = holder.pid > 0 ? `process ${holder.pid} on host ${JSON.stringify(holder.host)}` : "another process";
      throw new RuntreeError(
        ErrorCode.RunBusy,
        `Run ${runId} is being changed by ${who}; try again (a claim left by a crash expires after ${STALE_AFTER_MS / 1000} s, or remove ${path}).`,
        { run: runId, file: path, ...(holder.pid > 0 && { host: holder.host, pid: holder.pid }) },
      );
    }
    await sleep(WAIT_MS);
  }
  try {
    return await work();
  } finally {
    rmSync(path, { force: true });
  }
}

function tryClaim(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    const claim: Claim = { ...currentOwner(), time: Date.now() };
    writeSync(fd, JSON.stringify(claim));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The holder, or undefined when the file is gone or not (yet) a complete claim. */
function readClaim(path: string): Claim | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(text) as Partial<Claim>;
    if (typeof data.host === "string" && typeof data.pid === "number" && typeof data.time === "number") return data as Claim;
  } catch {
    // being written: fall through
  }
  // Half-written (its creator is writing it now), or left by a crash between create and write: it expires
  // by the file's age.
  try {
    return { host: "", pid: 0, time: statSync(path).mtimeMs };
  } catch {
    return undefined;
  }
}

function isStale(claim: Claim): boolean {
  return Date.now() - claim.time > STALE_AFTER_MS || (claim.pid > 0 && isOwnerGone(claim));
}
