/**
 * Child process for the figures that need a process of their own: peak RSS is a high-water mark, so
 * reading the store and building the report are each measured in a fresh process. Prints one JSON line.
 * Usage: node --import tsx bench/report-child.ts idle|read|report|read-history <store> [<out>]
 * `read-history` is the floor of a long history's report: read every metrics.jsonl of the store whole and
 * JSON.parse its lines (what any tool must at least do to look at the history once).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readStore } from "../src/index.js";
import { elapsedAsync } from "./timing.js";

export interface ChildResult {
  readonly ns?: number;
  /** Peak resident set size of the whole process, in KiB. */
  readonly peakRssKb: number;
  readonly runs?: number;
  readonly files?: number;
  /** Why the figure was not measured. */
  readonly skipped?: string;
}

/**
 * Peak RSS of this process in KiB. On Linux, VmHWM: getrusage's maxrss is no good here, because a child
 * inherits the high-water mark of the parent it was forked from (the bench itself, with its store in memory).
 */
function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

type BuildReport = (options: { store: string; out: string }) => Promise<{ readonly files?: number; readonly runs?: number }>;

/** `buildReport` is another module's work in progress: load it only if it is there, with the shape we call. */
async function loadBuildReport(): Promise<BuildReport | string> {
  const source = new URL("../src/report/build.ts", import.meta.url);
  if (!existsSync(fileURLToPath(source))) return "src/report/build.ts is absent";
  const module: unknown = await import(new URL("../src/report/build.js", import.meta.url).href);
  if (typeof module === "object" && module !== null && "buildReport" in module && typeof module.buildReport === "function") {
    return module.buildReport as BuildReport;
  }
  return "src/report/build.ts exports no buildReport function";
}

async function main(mode: string, store: string, out: string | undefined): Promise<ChildResult> {
  if (mode === "idle") return { peakRssKb: peakRssKb() };
  if (mode === "read") {
    let runs = 0;
    const ns = await elapsedAsync(async () => (runs = (await readStore(store)).runs.length));
    return { ns, runs, peakRssKb: peakRssKb() };
  }
  if (mode === "read-history") {
    let points = 0;
    const ns = await elapsedAsync(async () => {
      for (const experiment of readdirSync(store, { withFileTypes: true })) {
        if (!experiment.isDirectory()) continue;
        for (const run of readdirSync(join(store, experiment.name), { withFileTypes: true })) {
          const file = join(store, experiment.name, run.name, "metrics.jsonl");
          if (!run.isDirectory() || !existsSync(file)) continue;
          const lines = readFileSync(file, "utf8").split("\n");
          if (lines[lines.length - 1] === "") lines.pop();
          points += (JSON.parse(`[${lines.join(",")}]`) as unknown[]).length;
        }
      }
    });
    return { ns, runs: points, peakRssKb: peakRssKb() };
  }
  const build = await loadBuildReport();
  if (typeof build === "string") return { skipped: build, peakRssKb: peakRssKb() };
  let result: { readonly files?: number; readonly runs?: number } = {};
  const ns = await elapsedAsync(async () => (result = await build({ store, out: out ?? `${store}-report` })));
  return { ns, ...result, peakRssKb: peakRssKb() };
}

const [mode = "", store, out] = process.argv.slice(2);
if (!["idle", "read", "report", "read-history"].includes(mode) || store === undefined) {
  process.stderr.write("usage: report-child idle|read|report|read-history <store> [<out>]\n");
  process.exitCode = 2;
} else {
  process.stdout.write(JSON.stringify(await main(mode, store, out)) + "\n");
}
