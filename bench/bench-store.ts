/**
 * Where the bench's 10,000-run store lives, and making it. The store is made through the library (with
 * fsync off, as scripts/make-store.ts does) on a RAM disk when there is one (`--scratch <dir>` overrides). Reads are warm-cache reads either way; the table
 * says which file system each figure was measured on.
 */
import { accessSync, constants, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeStore, type MadeStore, type MakeStoreOptions } from "../scripts/make-store.js";
import { elapsedAsync } from "./timing.js";

const RAM_DISK = "/dev/shm";

/** Names of the file systems a bench may meet, by statfs magic number. */
const FS_TYPES: Readonly<Record<number, string>> = {
  0xef53: "ext4",
  0x01021994: "tmpfs",
  0x58465342: "xfs",
  0x9123683e: "btrfs",
  0x794c7630: "overlayfs",
  0x6969: "nfs",
  0x65735546: "fuse",
};

export function fsType(path: string): string {
  try {
    const type = statfsSync(path).type;
    return FS_TYPES[type] ?? `fs 0x${type.toString(16)}`;
  } catch {
    return "unknown fs";
  }
}

/** A writable tmpfs to make the big store on, else the ordinary temp folder. */
export function defaultScratch(): string {
  try {
    accessSync(RAM_DISK, constants.W_OK);
    if (fsType(RAM_DISK) === "tmpfs") return RAM_DISK;
  } catch {
    // no RAM disk here
  }
  return tmpdir();
}

export interface BenchStore extends MadeStore {
  /** Nanoseconds makeStore took. */
  readonly makeNs: number;
}

/** Makes the store at `<root>/mlruns` through the library. */
export async function makeBenchStore(root: string, options: MakeStoreOptions): Promise<BenchStore> {
  let made: MadeStore | undefined;
  const makeNs = await elapsedAsync(async () => (made = await makeStore(join(root, "mlruns"), options)));
  return { ...made!, makeNs };
}
