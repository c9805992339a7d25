/**
 * `npm run bench`: runtree's figures next to the floor (raw fs cost of the same work) measured in the same
 * run on the same disk, with the ratio. Progress goes to stderr; the tables go to stdout, as plain text.
 *
 * Options: --parents 2000 --children 4 --steps 20 --experiments 5 (shape of the 10,000-run store),
 *          --big-parents 20000 (sweeps of 4 trials in the one-experiment store of 100,000 runs; 0 skips it),
 *          --scratch <dir> (where the stores are made; default a RAM disk if any), --no-strace, --no-report,
 *          --no-git, --no-long (skip the long-history case), --long-reps 3,
 *          --only-long (the long-history case alone: the store, writes, git and the 100,000-run cases skipped),
 *          --long-case run|million|sweep (only that row of the long-history case; with --only-long, e.g.
 *          `npm run bench -- --only-long --long-case sweep --long-reps 1` for the sweep's parent page alone),
 *          --no-pages (no experiment pages and no live-report latency in Chromium), --page-reps 5,
 *          --only-live (the live-report latency alone, on a store of the given shape: try --parents 20),
 *          --mlflow-parents 2000 (sweeps of 4 trials in the MLflow store of 10,000 runs, on the temp folder's
 *          disk, where import and export sync; 0 skips it), --mlflow-reps 3, --mlflow-dir <dir> (instead of
 *          the temp folder: a RAM disk takes the disk's state, which swings several-fold, out of the ratios).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultScratch, fsType, makeBenchStore } from "./bench-store.js";
import { benchGitRead, commitStore } from "./git-ops.js";
import { benchParentEnd, benchReadStore, reportFloor } from "./read-ops.js";
import { child } from "./child.js";
import { countSyscalls, straceAvailable, type SyscallCount } from "./syscalls.js";
import { formatBytes, formatNs, formatRatio, renderTable } from "./table.js";
import type { Figure } from "./timing.js";
import { benchFlatWrites } from "./flat-writes.js";
import { benchExperimentPage, PAGE_ALIGN, PAGE_HEADER, pagesUnavailable } from "./page-figures.js";
import { benchWrites } from "./write-ops.js";
import { benchRunSummaries } from "./summary-ops.js";
import { benchLongHistory, LONG_CASES, longHistoryTable, type LongCase, type LongHistoryRow } from "./long-history.js";
import { benchIncremental } from "./incremental-ops.js";
import { benchLiveLatency, benchLiveOnly } from "./live-latency.js";
import { LEGEND } from "./legend.js";
import { benchColdSearch } from "./search-ops.js";
import { benchMlflowCase } from "./mlflow-ops.js";
import { BENCH_OPTIONS } from "./options.js";

/** Memory bookkeeping, not file work: left out of the syscall breakdown. */
const MEMORY_SYSCALLS = new Set(["mmap", "munmap", "madvise", "mprotect", "brk", "futex"]);

const { values } = parseArgs({ options: BENCH_OPTIONS });
const onlyLong = values["only-long"];
if (onlyLong && values["no-long"]) throw new Error("--only-long and --no-long leave nothing to measure");
const onlyLive = values["only-live"];
if (onlyLive && onlyLong) throw new Error("--only-live and --only-long: choose one");
const longCase = values["long-case"] ?? null;
if (longCase !== null && !(LONG_CASES as readonly string[]).includes(longCase)) {
  throw new Error(`--long-case must be one of ${LONG_CASES.join(", ")}, got ${JSON.stringify(longCase)}`);
}
const shape = {
  parents: Number(values.parents),
  children: Number(values.children),
  steps: Number(values.steps),
  experiments: Number(values.experiments),
  seed: 1,
};
const bigShape = { parents: Number(values["big-parents"]), children: 4, steps: shape.steps, experiments: 1, seed: 2 };

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const cpu = cpus();
const startLoad = load();
const started = Date.now();

const figures: Figure[] = [];
let long: LongHistoryRow[] = [];
const notes: string[] = [];
const memory: [string, string][] = [];
const pageRows: string[][] = [];
const pageReps = Number(values["page-reps"]);
const noPages = values["no-pages"] ? "--no-pages" : pagesUnavailable();
if (noPages !== null && !onlyLong) notes.push(`experiment pages in Chromium skipped: ${noPages}`);

/**
 * Builds the report of `storeDir` in a fresh process (time and peak RSS) against its floor; returns the
 * report's folder, or null (with a note) when no build could be timed.
 */
function reportFigures(storeDir: string, workDir: string, runs: number, label: string): string | null {
  const out = join(workDir, "report");
  const report = child("report", storeDir, out);
  if (report.skipped !== undefined || report.ns === undefined) {
    notes.push(`report build skipped: ${report.skipped ?? "no timing"}`);
    return null;
  }
  const floor = reportFloor(storeDir, out, join(workDir, "report-floor"));
  figures.push({
    what: `buildReport, ${runs.toLocaleString("en-US")} runs${label}`,
    n: "1",
    ours: report.ns,
    floor: floor.ns,
    floorWhat: `raw read + write ${floor.files} files, ${formatBytes(floor.bytes)}`,
    fs: fsType(workDir),
  });
  memory.push([`buildReport of ${runs.toLocaleString("en-US")} runs${label}`, formatBytes(report.peakRssKb * 1024)]);
  return out;
}

let syscalls: SyscallCount[] = [];
const scratch = values.scratch ?? defaultScratch();
if (onlyLong) notes.push("only the long-history case (--only-long)");
else if (onlyLive) {
  notes.push("only the live-report latency (--only-live)");
  if (noPages !== null) notes.push(`live-report latency skipped: ${noPages}`);
  else figures.push(await benchLiveOnly(scratch, shape, progress));
} else {
  progress(`log calls and run start/end on ${tmpdir()} (${fsType(tmpdir())})`);
  const writeRoot = mkdtempSync(join(tmpdir(), "runtree-bench-"));
  for (const figure of await benchWrites(writeRoot)) figures.push({ ...figure, fs: fsType(tmpdir()) });

  if (values["no-strace"]) notes.push("syscall counts skipped (--no-strace)");
  else if (!straceAvailable()) notes.push("syscall counts skipped: strace is not installed");
  else {
    progress("counting system calls with strace");
    syscalls = countSyscalls(100);
  }

  const storeRoot = mkdtempSync(join(scratch, "runtree-bench-"));
  const storeFs = fsType(storeRoot);
  try {
    const expected = shape.parents * (1 + shape.children);
    progress(`making a ${expected}-run store through the library on ${scratch} (${storeFs})`);
    const store = await makeBenchStore(storeRoot, shape);
    figures.push({
      what: `makeStore via library, per run (${store.runs.toLocaleString("en-US")} runs)`,
      n: "1",
      ours: store.makeNs / store.runs,
      floor: NaN,
      floorWhat: `${shape.steps} steps × 3 metrics, params, tags, objective`,
      fs: storeFs,
    });

    progress("readStore vs raw reads");
    figures.push({ ...(await benchReadStore(store.root, store.runs)), fs: storeFs });
    memory.push(["node + tsx, library loaded, idle", formatBytes(child("idle", store.root).peakRssKb * 1024)]);
    memory.push([`readStore of ${store.runs.toLocaleString("en-US")} runs`, formatBytes(child("read", store.root).peakRssKb * 1024)]);

    let site: string | null = null;
    if (values["no-report"]) notes.push("report build skipped (--no-report)");
    else {
      progress("building the report (child process)");
      site = reportFigures(store.root, storeRoot, store.runs, "");
      progress("the runs' summaries for the compare page");
      figures.push({ ...(await benchRunSummaries(store.root, join(storeRoot, "summaries"))), fs: storeFs });
    }

    if (values["no-git"]) notes.push("git reads skipped (--no-git)");
    else {
      progress("committing the store to git");
      const commitNs = commitStore(store.root);
      notes.push(`git add + commit of the ${store.runs.toLocaleString("en-US")}-run store took ${formatNs(commitNs)} (setup, not measured against a floor)`);
      progress("reading the store from git objects, and runtree diff");
      for (const figure of await benchGitRead(store.root, store.runs)) figures.push({ ...figure, fs: storeFs });
    }

    progress("parent end with an objective in a big experiment");
    const perExperiment = Math.round(store.runs / store.experiments.length);
    figures.push({ ...(await benchParentEnd(store.root, store.experiments[0]!, perExperiment)), fs: storeFs });

    if (site !== null) {
      progress("rebuilding the report after adding one run, against reading every run.json");
      const incremental = await benchIncremental(store.root, site, store.runs);
      figures.push({ ...incremental.figure, fs: storeFs });
      const { last } = incremental;
      notes.push(
        `report rebuild after adding 1 run: ${last.incremental ? "incremental" : "NOT incremental"}, ` +
          `${last.written} files written, ${last.removed} removed, ${last.reused} experiments/run pages taken over of ${last.runs + last.experiments}`,
      );
      if (noPages !== null) notes.push(`live-report latency skipped: ${noPages}`);
      else {
        progress("report --watch: a logged point to the open page showing it (Chromium)");
        figures.push({ ...(await benchLiveLatency(store.root, store.experiments[0]!, site, store.runs)), fs: storeFs });
      }
    }
  } finally {
    rmSync(storeRoot, { recursive: true, force: true });
  }

  // An experiment page of 10,000 runs: the store above spreads its runs over several experiments.
  if (noPages === null && !values["no-report"]) {
    const pageRoot = mkdtempSync(join(scratch, "runtree-bench-page-"));
    try {
      const pageShape = { ...shape, experiments: 1 };
      progress(`making a ${pageShape.parents * (1 + pageShape.children)}-run experiment and its report for the page figures`);
      const made = await makeBenchStore(pageRoot, pageShape);
      const site = join(pageRoot, "site");
      child("report", made.root, site);
      progress("the 10,000-run experiment page in Chromium");
      pageRows.push(await benchExperimentPage(site, `${made.runs.toLocaleString("en-US")} runs`, pageReps));
    } finally {
      rmSync(pageRoot, { recursive: true, force: true });
    }
  }

  // The one-experiment store of 100,000 runs: every figure about an experiment that big goes in this block.
  if (bigShape.parents === 0) notes.push("100,000-run experiment skipped (--big-parents 0)");
  else {
    const bigRoot = mkdtempSync(join(scratch, "runtree-bench-big-"));
    try {
      const runs = bigShape.parents * (1 + bigShape.children);
      progress(`making a ${runs}-run experiment through the library on ${scratch} (${storeFs})`);
      const big = await makeBenchStore(bigRoot, bigShape);
      figures.push({
        what: `makeStore via library, ${big.runs.toLocaleString("en-US")} runs in one experiment, total`,
        n: "1",
        ours: big.makeNs,
        floor: NaN,
        floorWhat: `${bigShape.steps} steps × 3 metrics, params, tags, objective`,
        fs: storeFs,
      });
      progress("runtree search over the 100,000 runs, each from a cold process");
      for (const figure of benchColdSearch(big.root, big.runs, 3)) figures.push({ ...figure, fs: storeFs });
      if (values["no-report"]) notes.push("100,000-run report build skipped (--no-report)");
      else {
        progress("building the 100,000-run experiment's report (child process)");
        const site = reportFigures(big.root, bigRoot, big.runs, " in one experiment");
        if (site !== null && noPages === null) {
          progress("the 100,000-run experiment page in Chromium");
          pageRows.push(await benchExperimentPage(site, `${big.runs.toLocaleString("en-US")} runs`, pageReps));
        }
      }
      // After the report: the flat-write figures add runs to the experiment.
      progress("writing in the 100,000-run experiment against an empty one");
      for (const figure of await benchFlatWrites(big.root, big.experiments[0]!, big.runs)) figures.push({ ...figure, fs: storeFs });
    } finally {
      rmSync(bigRoot, { recursive: true, force: true });
    }
  }

  // MLflow users' stores: about ten small files per run. On the temp folder's disk (or --mlflow-dir): import and export sync.
  const mlflowDir = values["mlflow-dir"] ?? tmpdir();
  const mlflow = benchMlflowCase(mlflowDir, Number(values["mlflow-parents"]), Number(values["mlflow-reps"]), progress);
  for (const figure of mlflow.figures) figures.push({ ...figure, fs: fsType(mlflowDir) });
  notes.push(...mlflow.notes);
}

if (values["no-long"] || onlyLive) notes.push(`long-history case skipped (${onlyLive ? "--only-live" : "--no-long"})`);
else {
  const longRoot = mkdtempSync(join(scratch, "runtree-bench-long-"));
  try {
    // The builds' peak RSS includes node + tsx: the idle row says how much.
    if (onlyLong) memory.push(["node + tsx, library loaded, idle", formatBytes(child("idle", longRoot).peakRssKb * 1024)]);
    long = await benchLongHistory(longRoot, Number(values["long-reps"]), progress, longCase as LongCase | null);
  } finally {
    rmSync(longRoot, { recursive: true, force: true });
  }
}

const out: string[] = [];
out.push("runtree bench");
out.push(`machine: ${cpu.length} cpus (${cpu[0]?.model.trim() ?? "unknown"}), node ${process.version}, ${platform()} ${release()}`);
out.push(`load average (1/5/15 min): ${startLoad} at start, ${load()} at end; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!onlyLong) out.push(`store shape: ${shape.parents} parents × ${shape.children} children, ${shape.steps} steps, ${shape.experiments} experiments`);
out.push("");
if (figures.length > 0) {
  out.push(
    renderTable(
      ["what", "n", "fs", "runtree", "floor", "ratio", "floor does"],
      "lrrrrrl",
      figures.map((f) => [f.what, f.n, f.fs ?? "", formatNs(f.ours), formatNs(f.floor), formatRatio(f.ours, f.floor), f.floorWhat]),
    ),
  );
}
if (syscalls.length > 0) {
  out.push(
    renderTable(
      ["system calls per operation", "total", "breakdown (per operation)"],
      "lrl",
      syscalls.map((s) => {
        const kept = s.perCall.filter((c) => !MEMORY_SYSCALLS.has(c.name) && c.calls >= 0.5);
        const total = kept.reduce((sum, c) => sum + c.calls, 0);
        return [s.what, total.toFixed(0), kept.map((c) => `${c.name} ${Number(c.calls.toFixed(1))}`).join(", ")];
      }),
    ),
  );
}
if (memory.length > 0) out.push(renderTable(["process", "peak RSS"], "lr", memory));
if (pageRows.length > 0) out.push(renderTable(PAGE_HEADER, PAGE_ALIGN, pageRows));
if (long.length > 0) {
  out.push(
    renderTable(
      ["long history", "report build", "floor", "ratio", "build RSS", "floor RSS", "run page", "data drawn first", "first chart (median of 5)"],
      "lrrrrrrrl",
      longHistoryTable(long),
    ),
  );
  for (const row of long) for (const problem of row.problems) notes.push(`${row.what}: ${problem}`);
}
for (const note of notes) out.push(`note: ${note}`);
out.push(LEGEND);
process.stdout.write(out.join("\n") + "\n");
