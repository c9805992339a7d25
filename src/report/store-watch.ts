/**
 * Noticing that a store changed, for `report --watch`: file-system events where they can be trusted, else
 * polling. Events come from one recursive `fs.watch` of the store, which sees runs and experiments being
 * added, `run.json` rewritten and a running run's `metrics.jsonl` appended to. Network and virtual file
 * systems (NFS, SMB, FUSE, 9p as in WSL or a VM's shared folder) do not deliver events for writes made by
 * other machines or by the host, so on them, when asked (`poll: true`), or when the watch cannot be set up
 * or fails (too many folders for the system's inotify limit), the store is polled instead: every
 * `intervalMs` the size and mtime of its files are compared with the last look's (artifact folders by
 * their own entry only, not walked).
 *
 * It only says "something changed": what changed is the incremental build's business (build.ts).
 */
import { watch, type FSWatcher } from "node:fs";
import { lstat, readdir, statfs } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { FILE } from "../format/records.js";

export type WatchMode = "events" | "poll";

export interface StoreWatch {
  /** How changes are being noticed (it may turn from events to polling if the watch fails). */
  readonly mode: () => WatchMode;
  /** Why polling is used, when it is. */
  readonly why: () => string | null;
  /** Stops watching; no call of `onChange` follows. */
  close(): void;
}

export interface WatchOptions {
  /** Poll even where events work. */
  readonly poll?: boolean;
  /** Between two looks when polling (default 1000 ms; longer when a look takes long). */
  readonly intervalMs?: number;
  /** Told, with the reason, when events fail after the watch started and polling takes over. */
  readonly onFallBack?: (why: string) => void;
}

/** statfs magic numbers of file systems whose change events cannot be trusted (Linux). */
const UNRELIABLE: ReadonlyMap<number, string> = new Map([
  [0x6969, "NFS"],
  [0x517b, "SMB"],
  [0xff534d42, "CIFS"],
  [0xfe534d42, "SMB2"],
  [0x65735546, "FUSE"],
  [0x01021997, "9p"],
  [0x564c, "NCP"],
  [0x73757245, "Coda"],
  [0x47504653, "GPFS"],
  [0x0bd00bd0, "Lustre"],
]);

/** Why events cannot be trusted for `store`, or null. */
async function unreliableFs(store: string): Promise<string | null> {
  if (process.platform !== "linux") return null;
  try {
    const name = UNRELIABLE.get(Number((await statfs(store)).type));
    return name === undefined ? null : `the store is on ${name}, where file-system events are unreliable`;
  } catch {
    return null;
  }
}

/** Depth of the folders walked when polling: store/experiment/run/metrics (MLflow)/file. */
const MAX_DEPTH = 4;

/** A digest of the size and mtime of every file under `root` (see the module's note). */
export async function storeSignature(root: string): Promise<string> {
  const hash = createHash("sha1");
  const walk = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name === ".git") continue;
      const path = join(dir, name);
      let stats;
      try {
        stats = await lstat(path);
      } catch {
        continue;
      }
      hash.update(`${path}\u0000${stats.isDirectory() ? "d" : stats.size}\u0000${stats.mtimeMs}\n`);
      if (stats.isDirectory() && depth < MAX_DEPTH && name !== FILE.artifacts) await walk(path, depth + 1);
    }
  };
  await walk(root, 1);
  return hash.digest("hex");
}

/**
 * Calls `onChange` (with no argument, possibly many times for one change: debounce it) whenever the
 * store at `store` may have changed, until `close()`.
 */
export async function watchStore(store: string, onChange: () => void, options: WatchOptions = {}): Promise<StoreWatch> {
  const interval = options.intervalMs ?? 1000;
  let mode: WatchMode = "events";
  let why: string | null = options.poll ? "--poll" : await unreliableFs(store);
  let closed = false;
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;

  const poll = async (): Promise<void> => {
    mode = "poll";
    let last = await storeSignature(store);
    const look = async (): Promise<void> => {
      if (closed) return;
      const started = Date.now();
      const now = await storeSignature(store);
      if (closed) return;
      if (now !== last) {
        last = now;
        onChange();
      }
      // A look at a big store takes a while: never spend more than a third of the time looking.
      timer = setTimeout(() => void look(), Math.max(interval, 2 * (Date.now() - started)));
    };
    timer = setTimeout(() => void look(), interval);
  };
  const fallBack = (reason: string): void => {
    watcher?.close();
    watcher = null;
    if (closed || mode === "poll") return;
    why = reason;
    options.onFallBack?.(reason);
    // Whatever happened while the watch was failing is picked up by one rebuild.
    onChange();
    void poll();
  };

  if (why !== null) await poll();
  else {
    try {
      watcher = watch(store, { recursive: true, persistent: true }, () => {
        if (!closed) onChange();
      });
      watcher.on("error", (error: Error) => fallBack(`file-system events failed (${(error as NodeJS.ErrnoException).code ?? error.message})`));
    } catch (error) {
      why = `file-system events unavailable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
      await poll();
    }
  }
  return {
    mode: () => mode,
    why: () => (mode === "poll" ? why : null),
    close() {
      closed = true;
      watcher?.close();
      if (timer !== null) clearTimeout(timer);
    },
  };
}
