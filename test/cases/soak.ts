/**
 * A writer that runs for long, as scenarios sized by the caller: `npm test` runs them small, `npm run
 * stress` at the figures (1,000,000 points; 10,000 runs). The writing happens in a real process
 * (`test/workers/soak.ts`) that measures itself; these check what it reports and what it left on disk, and
 * print the figures.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../../src/index.js";
import { checkStore } from "../../src/load/check-store.js";
import { startWorker } from "../workers/worker-process.js";

/**
 * How much what the writer keeps (heap and buffers after a full collection) may grow from the first half to
 * the second half of the logging, after warm-up. Measured: flat to within 0.05 MB, with two other processes
 * busy on both cores too; a leak of one small object per point grows it by about 1.4 MB over the second half
 * of 100,000 points (the `leak` test below keeps showing that it does).
 */
export const HEAP_GROWTH_BOUND = 0.5 * 1024 * 1024;

/**
 * How much the resident set (after a full collection) may grow the same way. Measured: flat to within
 * 0.1 MB once warm. Sampled without the collection it swings by several MB with the machine's load (when V8
 * gets to collect), which is what it used to be measured as.
 */
export const RSS_GROWTH_BOUND = 4 * 1024 * 1024;

const MB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function result<T>(args: readonly string[]): Promise<T> {
  const worker = startWorker("soak.ts", args);
  const exit = await worker.exited;
  assert.equal(exit.code, 0, exit.stderr);
  const line = exit.lines.find((l) => l.startsWith("result "));
  assert.ok(line, `the worker printed its result\n${exit.stderr}`);
  return JSON.parse(line.slice("result ".length)) as T;
}

/** The max over the last half of the samples minus the max over the first half, after a warm-up quarter. */
function growth(samples: readonly number[]): number {
  assert.equal(samples.length, 200);
  // The first quarter is warm-up: V8 grows its heap to its working size there.
  const warm = samples.slice(samples.length / 4);
  return Math.max(...warm.slice(warm.length / 2)) - Math.max(...warm.slice(0, warm.length / 2));
}

interface PointsResult {
  readonly run: string;
  readonly rss: number[];
  readonly heap: number[];
  readonly peak: number;
}

/** Logs `points` points in a process of its own and returns how much its heap and resident set grew. */
export async function logPoints(storePath: string, points: number, leak = false): Promise<PointsResult & { heapGrowth: number; rssGrowth: number }> {
  const measured = await result<PointsResult>(["points", storePath, String(points), ...(leak ? ["leak"] : [])]);
  return { ...measured, heapGrowth: growth(measured.heap), rssGrowth: growth(measured.rss) };
}

/**
 * One run logs `points` points at full speed: what it keeps stays flat after warm-up (heap within
 * `HEAP_GROWTH_BOUND`, resident set within `RSS_GROWTH_BOUND`), and `metrics.jsonl` holds exactly those
 * points, every line valid, which the reader and `runtree check` agree on.
 */
export async function soakOneRun(storePath: string, points: number): Promise<{ peak: number }> {
  const { run, peak, heapGrowth, rssGrowth } = await logPoints(storePath, points);
  console.log(`${points} points: peak RSS ${MB(peak)}; growth over the last half: heap ${MB(heapGrowth)}, RSS ${MB(rssGrowth)}`);
  assert.ok(heapGrowth <= HEAP_GROWTH_BOUND, `the heap grew by ${MB(heapGrowth)} over the last half (bound ${MB(HEAP_GROWTH_BOUND)})`);
  assert.ok(rssGrowth <= RSS_GROWTH_BOUND, `RSS grew by ${MB(rssGrowth)} over the last half (bound ${MB(RSS_GROWTH_BOUND)})`);

  const store = openStore(storePath);
  const record = await store.getRun(run);
  assert.equal(record.status, "FINISHED");
  assert.equal(record.metricSummaries["loss"]?.count, points);
  // Every line parses: the header, then one point per line, steps in order.
  const lines = readFileSync(join(record.dir, "metrics.jsonl"), "utf8").split("\n");
  assert.equal(lines.pop(), "", "the file ends with a newline");
  assert.equal(lines.length, points + 1, "a header and one line per point");
  assert.deepEqual(JSON.parse(lines[0] ?? ""), { format: 1, run });
  for (let i = 1; i < lines.length; i++) {
    const point = JSON.parse(lines[i] ?? "") as { key: string; step: number };
    if (point.key !== "loss" || point.step !== i - 1) assert.fail(`line ${i + 1} is ${lines[i]}, expected step ${i - 1} of loss`);
  }
  const history = await store.metricHistory(run, "loss");
  assert.equal(history.length, points);
  assert.equal(history.at(-1)?.value, 1 / points);
  const check = await checkStore(storePath);
  assert.deepEqual(check.problems, []);
  assert.equal(check.metricPoints, points);
  return { peak };
}

interface Handles {
  readonly fds: number;
  readonly listeners: Readonly<Record<string, number>>;
}

/**
 * One process opens and ends `runs` runs in every way a run ends (end(), FAILED, a child in its parent's
 * scope, a scope that returns, a scope that throws): as many file descriptors and process listeners open
 * after as before, and every run on disk ended with the status its ending gave.
 */
export async function churnRuns(storePath: string, runs: number): Promise<Handles> {
  const { before, after, ended, failed } = await result<{ before: Handles; after: Handles; ended: number; failed: number }>(["runs", storePath, String(runs)]);
  const listeners = (handles: Handles) => Object.entries(handles.listeners).map(([event, n]) => `${event} ${n}`).join(", ");
  console.log(`${runs} runs: ${before.fds} → ${after.fds} file descriptors; listeners before: ${listeners(before)}; after: ${listeners(after)}`);
  assert.equal(after.fds, before.fds, "no file descriptor leaked");
  assert.deepEqual(after.listeners, before.listeners, "no process listener leaked");
  assert.ok(before.listeners["SIGINT"]! >= 1 && before.listeners["exit"]! >= 1, "the writer's handlers were counted (installed once, by the warm-up run)");
  assert.equal(ended + failed, runs);

  const snapshot = await openStore(storePath).read();
  assert.deepEqual(snapshot.problems, []);
  const counts = new Map<string, number>();
  for (const run of snapshot.runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  // Every fifth run (kind 2) has a child, and the warm-up run finished too.
  const children = Math.floor((runs + 2) / 5);
  assert.equal(snapshot.runs.length, runs + children + 1);
  assert.equal(counts.get("FINISHED"), ended + children + 1);
  assert.equal(counts.get("FAILED"), failed);
  assert.equal(counts.get("RUNNING"), undefined);
  return after;
}
