/**
 * One build at a time per output folder. Builds write in place (site-writer.ts), so two at once (a
 * `report --watch` and a `report` by hand) could interleave their files and leave a manifest that
 * describes neither. The lock is a file made atomically (written under a temp name, then hard-linked to
 * its name, which fails if it exists) naming its owner; a build waits while the owner lives, and takes
 * over a lock whose owner is gone (a build killed by SIGKILL leaves its lock behind).
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { currentOwner, isOwnerGone, type Owner } from "../format/owner.js";

export const LOCK_FILE = ".runtree-lock";
const RETRY_MS = 100;

function ownerIn(file: string): Owner | null {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as Partial<Owner>;
    if (typeof data.host !== "string" || typeof data.pid !== "number") return null;
    return { host: data.host, pid: data.pid, ...(typeof data.processStart === "string" && { processStart: data.processStart }) };
  } catch {
    return null;
  }
}

/** Takes the lock of the folder `dir` (which exists), waiting while another live build holds it; returns its release. */
export async function lockOutput(dir: string): Promise<() => void> {
  const lock = join(dir, LOCK_FILE);
  const temp = `${lock}.${process.pid}.${Date.now()}`;
  writeFileSync(temp, JSON.stringify(currentOwner()) + "\n");
  try {
    for (;;) {
      try {
        linkSync(temp, lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const owner = ownerIn(lock);
      // A lock we cannot read was not made by a build (ours are whole from the start): clear it.
      if (owner === null || isOwnerGone(owner)) rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  } finally {
    rmSync(temp, { force: true });
  }
  return () => rmSync(lock, { force: true });
}
