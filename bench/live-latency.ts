/**
 * The live loop, end to end: `report --watch` (the installed command, in its own process) watches the
 * store, a running run's page is open in Chromium from file://, and the bench logs a point to that run
 * through the library. Ours: from the logMetric call to the open page showing the point (its metrics
 * table counting it), which is the watcher's debounce, the incremental rebuild, the page's poll of
 * version.js and its in-place refresh. Floor: the rebuild alone, as the watcher timed it for the same
 * change (it prints it), the least any live report must spend. Median of `reps`, paired rep by rep.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { MakeStoreOptions } from "../scripts/make-store.js";
import { openStore } from "../src/index.js";
import { fsType, makeBenchStore } from "./bench-store.js";
import { launchChromium } from "./page-ops.js";
import { median, now, type Figure } from "./timing.js";

const BIN = fileURLToPath(new URL("../bin/report.js", import.meta.url));
const REBUILT = /rebuilt in (\d+(?:\.\d+)?) s/g;

/** Resolves once `done()`, or throws (with the watcher's `output`) after `ms`. */
async function until(done: () => boolean, ms: number, what: string, output: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`bench: ${what} did not happen within ${ms / 1000} s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Seconds of every rebuild line the watcher printed so far. */
function rebuilds(output: string): number[] {
  return [...output.matchAll(REBUILT)].map((match) => Number(match[1]));
}

/**
 * Adds a running run to `experiment` of `store`, watches the store with `report --watch` into `site` (any
 * earlier report there is rebuilt), and times `reps` logged points to the open page.
 */
export async function benchLiveLatency(store: string, experiment: string, site: string, runs: number, reps = 5): Promise<Figure> {
  if (!existsSync(BIN.replace(/bin[/\\]report\.js$/, join("dist", "cli", "main.js")))) throw new Error("bench: dist/ is not built");
  const run = openStore(store, { captureSource: false, fsync: false }).experiment(experiment).startRun({ name: "bench-live" });
  run.logMetric("live", 0, { step: 0 });
  let output = "";
  let watcher: ChildProcessWithoutNullStreams | null = null;
  const browser = await launchChromium();
  try {
    watcher = spawn(process.execPath, [BIN, store, site, "--watch"], { stdio: "pipe" });
    watcher.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    watcher.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes("report: watching "), 600_000, "the first --watch build", () => output);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(site, "runs", run.id, "index.html")).href);
    const points = (count: number) => page.locator(`table.metrics tbody tr:has(th:text-is('live')) td:nth-child(6):text-is('${count}')`);
    await points(1).waitFor({ timeout: 60_000 });
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 1; i <= reps; i++) {
      // Whatever rebuild the last point caused is over: the store is quiet, and the watcher too.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = rebuilds(output).length;
      const start = now();
      run.logMetric("live", i, { step: i });
      await points(i + 1).waitFor({ timeout: 60_000 });
      ours.push(now() - start);
      await until(() => rebuilds(output).length > before, 60_000, "the rebuild line", () => output);
      floor.push(rebuilds(output)[before]! * 1e9);
    }
    await page.close();
    return {
      what: `report --watch: logged point to open page showing it, ${runs.toLocaleString("en-US")} runs`,
      n: `1×${reps}`,
      ours: median(ours),
      floor: median(floor),
      floorWhat: "the incremental rebuild alone (as the watcher timed it)",
    };
  } finally {
    await browser.close();
    if (watcher && watcher.exitCode === null) {
      watcher.kill("SIGINT");
      await new Promise((resolve) => watcher!.once("exit", resolve));
    }
    await run.end();
  }
}

/** `--only-live`: the figure above on a store of `shape` made for it in `scratch` (removed after). */
export async function benchLiveOnly(scratch: string, shape: MakeStoreOptions, progress: (text: string) => void): Promise<Figure> {
  const root = mkdtempSync(join(scratch, "runtree-bench-live-"));
  try {
    progress("making a store for the live-report latency");
    const store = await makeBenchStore(root, shape);
    progress("report --watch: a logged point to the open page showing it (Chromium)");
    return { ...(await benchLiveLatency(store.root, store.experiments[0]!, join(root, "site"), store.runs)), fs: fsType(root) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
