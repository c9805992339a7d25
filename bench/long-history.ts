/**
 * The long-history case of `npm run bench`: one run of 200,000 steps × 3 metrics, one of 1,000,000 steps of
 * one metric, and a sweep of 200 children × 20,000 steps. For each: the report build (fresh process) against
 * the floor of reading the same metrics.jsonl files once (read whole + JSON.parse), both with their peak RSS,
 * repeated and the median taken; the run page's size; and its time to first chart in headless Chromium.
 */
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeLongRun } from "../scripts/make-long-run.js";
import type { ChildResult } from "./report-child.js";
import { child } from "./child.js";
import { timeToCharts } from "./page-timing.js";
import { formatBytes, formatNs, formatRatio } from "./table.js";
import { median } from "./timing.js";



export interface LongHistoryRow {
  readonly what: string;
  readonly build: number;
  readonly floor: number;
  readonly buildRss: number;
  readonly floorRss: number;
  readonly html: number;
  /** Bytes of the data files the page loads to draw its first charts (a sweep's first curves file). */
  readonly data: number;
  readonly firstChart: number;
  readonly firstChartSamples: readonly number[];
  readonly problems: readonly string[];
}

export const LONG_CASES = ["run", "million", "sweep"] as const;
export type LongCase = (typeof LONG_CASES)[number];

const CASES = [
  { name: "run", what: "1 run, 200,000 steps × 3 metrics", options: { steps: 200_000 }, selector: "figure.metric-chart", charts: 3 },
  { name: "million", what: "1 run, 1,000,000 steps × 1 metric", options: { steps: 1_000_000, metrics: ["loss"] }, selector: "figure.metric-chart", charts: 1 },
  { name: "sweep", what: "sweep, 200 children × 20,000 steps (parent page)", options: { children: 200, childSteps: 20_000, metrics: ["loss"] }, selector: "figure.overlaid-curves", charts: 1 },
] as const;

/** `only`: the one case to measure (`--long-case`), else all three. */
export async function benchLongHistory(scratch: string, reps: number, progress: (text: string) => void, only: LongCase | null = null): Promise<LongHistoryRow[]> {
  const rows: LongHistoryRow[] = [];
  for (const [index, spec] of CASES.entries()) {
    if (only !== null && spec.name !== only) continue;
    const root = join(scratch, `long-${index}`);
    try {
      progress(`long history: making ${spec.what}`);
      const made = await makeLongRun(join(root, "mlruns"), spec.options);
      const builds: ChildResult[] = [];
      const floors: ChildResult[] = [];
      for (let i = 0; i < reps; i++) {
        progress(`long history: ${spec.what}, build ${i + 1}/${reps}`);
        rmSync(join(root, "report"), { recursive: true, force: true });
        builds.push(child("report", made.root, join(root, "report")));
        floors.push(child("read-history", made.root));
      }
      const page = join(root, "report", "runs", made.runId, "index.html");
      progress(`long history: ${spec.what}, time to first chart`);
      const timing = await timeToCharts(pathToFileURL(page).href, spec.selector, spec.charts, 5);
      rows.push({
        what: spec.what,
        build: median(builds.map((b) => b.ns ?? NaN)),
        floor: median(floors.map((f) => f.ns ?? NaN)),
        buildRss: builds.reduce((most, b) => Math.max(most, b.peakRssKb), 0) * 1024,
        floorRss: floors.reduce((most, f) => Math.max(most, f.peakRssKb), 0) * 1024,
        html: statSync(page).size,
        data: firstData(join(root, "report", "runs", made.runId)),
        firstChart: timing.ms,
        firstChartSamples: timing.samples,
        problems: [...timing.problems, ...timing.remoteRequests.map((url) => `request outside file://: ${url}`)],
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}

/** A sweep page's curves file of its first metric (the one drawn first); 0 for a run page. */
function firstData(runDir: string): number {
  const curves = join(runDir, "curves", "0.js");
  return existsSync(curves) ? statSync(curves).size : 0;
}

export function longHistoryTable(rows: readonly LongHistoryRow[]): string[][] {
  return rows.map((row) => [
    row.what,
    formatNs(row.build),
    formatNs(row.floor),
    formatRatio(row.build, row.floor),
    formatBytes(row.buildRss),
    formatBytes(row.floorRss),
    formatBytes(row.html),
    row.data === 0 ? "" : formatBytes(row.data),
    `${row.firstChart} ms (${row.firstChartSamples.join(", ")})`,
  ]);
}
