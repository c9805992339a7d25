/**
 * Counts the system calls of each library operation with strace (when installed). The worker brackets
 * each batch of operations between marker calls; every system call of the main thread between the two
 * markers is the batch's, and dividing by the batch size gives the cost of one operation. Sync fs calls
 * run on the main thread, so following other threads (-f) is not needed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./syscall-worker.ts", import.meta.url));
const MARK = "/runtree-bench-mark/";

export interface SyscallCount {
  /** The operation, as the timing table names it. */
  readonly what: string;
  readonly count: number;
  /** System calls per operation, by name, largest first. */
  readonly perCall: readonly { readonly name: string; readonly calls: number }[];
}

export function straceAvailable(): boolean {
  return spawnSync("strace", ["-V"], { stdio: "ignore" }).status === 0;
}

/** Runs the worker under strace and splits its log at the markers. */
export function countSyscalls(count: number): SyscallCount[] {
  const dir = mkdtempSync(join(tmpdir(), "runtree-strace-"));
  try {
    const log = join(dir, "strace.log");
    const result = spawnSync("strace", ["-o", log, process.execPath, "--import", "tsx", WORKER, join(dir, "store"), String(count)], {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`strace failed (exit ${result.status}): ${result.stderr.slice(-500)}`);
    return parseLog(readFileSync(log, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseLog(text: string): SyscallCount[] {
  const out: SyscallCount[] = [];
  let open: { what: string; count: number; calls: Map<string, number> } | undefined;
  for (const line of text.split("\n")) {
    const markAt = line.indexOf(MARK);
    if (markAt >= 0) {
      const [what = "", count = "0", edge] = line.slice(markAt + MARK.length).split(/["]/)[0]!.split("/");
      if (edge === "begin") open = { what, count: Number(count), calls: new Map() };
      else if (open) {
        const perCall = [...open.calls]
          .map(([name, calls]) => ({ name, calls: calls / open!.count }))
          .sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1));
        out.push({ what: open.what, count: open.count, perCall });
        open = undefined;
      }
      continue;
    }
    const name = /^(\w+)\(/.exec(line)?.[1];
    if (open && name) open.calls.set(name, (open.calls.get(name) ?? 0) + 1);
  }
  return out;
}
