/**
 * An MLflow store of 10,000 runs (about 100,000 small files, written by scripts/make-mlflow-store.ts):
 * `runtree search` and the report on it, `runtree import mlflow` into a runtree store and `runtree export
 * mlflow` back, each as the CLI in a fresh node process timed from spawn to exit, against the floor of the
 * same file work in a fresh plain node: read every file of the input (read-floor.mjs), and for the jobs that
 * write, write files of the same paths and sizes as the job wrote (convert-floor.mjs), with one `sync -f`
 * at the end for import and export, which are durable when they return. Alternating, median of `reps`.
 *
 * Before each timed run (ours or the floor) the last output is removed and the file system synced, untimed:
 * on a disk mounted with `discard` a big removal is paid for at the next journal commit, seconds later,
 * by whatever runs then, and it used to land on one side or the other.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { makeMlflowStore } from "../scripts/make-mlflow-store.js";
import { timed } from "./search-ops.js";
import { elapsed, median, type Figure } from "./timing.js";

const CLI = fileURLToPath(new URL("../bin/runtree.js", import.meta.url));
const READ_FLOOR = fileURLToPath(new URL("./read-floor.mjs", import.meta.url));
const CONVERT_FLOOR = fileURLToPath(new URL("./convert-floor.mjs", import.meta.url));
const FILTER = "params.optimizer = 'adam' and metrics.val_loss < 0.2";

/** Every file below `dir` as [relative path, size]. */
function listing(dir: string): [string, number][] {
  const out: [string, number][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push([relative(dir, path), statSync(path).size]);
  }
  return out;
}

/** Removes `path` and waits until the file system has settled that, and every earlier write. */
function clear(path: string): void {
  rmSync(path, { recursive: true, force: true });
  execFileSync("sync", ["-f", join(path, "..")]);
}

interface Case {
  readonly what: string;
  /** What the floor did, once it has run. */
  readonly floorWhat: () => string;
  /** Runs the job once (its output folder removed first, untimed); returns ns. */
  readonly ours: () => number;
  /** Runs the floor once; returns ns. Called after `ours` has run at least once. */
  readonly floor: () => number;
}

/** A job that writes `out`, and its floor: read `input`, write what the job wrote, durably when `sync`. */
function writingCase(what: string, args: readonly string[], input: string, out: string, root: string, sync: boolean): Case {
  const list = join(root, `${what.replace(/\W+/g, "-")}.json`);
  const floorOut = join(root, "floor-out");
  let counts = { read: 0, written: 0 };
  return {
    what,
    floorWhat: () => `cold node: read ${counts.read.toLocaleString("en-US")} files, write ${counts.written.toLocaleString("en-US")}${sync ? ", one sync -f" : ""}`,
    ours: () => {
      clear(out);
      const ns = timed([CLI, ...args]).ns;
      writeFileSync(list, JSON.stringify(listing(out)));
      return ns;
    },
    floor: () => {
      clear(floorOut);
      const result = timed([CONVERT_FLOOR, input, list, floorOut, ...(sync ? ["--sync"] : [])]);
      counts = JSON.parse(result.stdout) as typeof counts;
      return result.ns;
    },
  };
}

export function benchMlflowStore(root: string, parents: number, reps: number, progress: (text: string) => void): { figures: Figure[]; notes: string[] } {
  const store = join(root, "mlflow");
  let made = { runs: 0, files: 0 };
  const makeNs = elapsed(() => (made = makeMlflowStore(store, { parents })));
  const runs = made.runs.toLocaleString("en-US");
  const notes = [`writing the ${runs}-run MLflow store (${made.files.toLocaleString("en-US")} files) took ${(makeNs / 1e9).toFixed(1)} s (scripts/make-mlflow-store.ts)`];
  const imported = join(root, "imported");
  mkdirSync(join(root, "out"), { recursive: true });
  const cases: Case[] = [
    {
      what: `runtree search, MLflow store of ${runs} runs, a filter`,
      floorWhat: () => `cold node: read ${made.files.toLocaleString("en-US")} files`,
      ours: () => timed([CLI, "search", store, FILTER]).ns,
      floor: () => timed([READ_FLOOR, store]).ns,
    },
    writingCase(`report of the MLflow store of ${runs} runs`, ["report", store, join(root, "out", "report"), "--quiet"], store, join(root, "out", "report"), root, false),
    writingCase(`the same report on one thread (--jobs 1)`, ["report", store, join(root, "out", "report"), "--quiet", "--jobs", "1"], store, join(root, "out", "report"), root, false),
    writingCase(`runtree import mlflow, ${runs} runs`, ["import", "mlflow", store, imported], store, imported, root, true),
    writingCase(`runtree export mlflow, ${runs} runs`, ["export", "mlflow", imported, join(root, "out", "exported")], imported, join(root, "out", "exported"), root, true),
  ];
  const figures: Figure[] = [];
  for (const job of cases) {
    progress(job.what);
    const ours: number[] = [];
    const floor: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      ours.push(job.ours());
      floor.push(job.floor());
    }
    figures.push({ what: job.what, n: `1×${reps}`, ours: median(ours), floor: median(floor), floorWhat: job.floorWhat() });
  }
  return { figures, notes };
}

/** The case as `npm run bench` runs it: a store of `parents` sweeps (5 runs each) in a temp folder under `dir`; 0 skips it. */
export function benchMlflowCase(dir: string, parents: number, reps: number, progress: (text: string) => void): { figures: Figure[]; notes: string[] } {
  if (parents === 0) return { figures: [], notes: ["MLflow store skipped (--mlflow-parents 0)"] };
  const root = mkdtempSync(join(dir, "runtree-bench-mlflow-"));
  try {
    progress(`an MLflow store of ${parents * 5} runs in ${dir}: search, report, import, export`);
    return benchMlflowStore(root, parents, reps, progress);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
