/**
 * Stores and helpers for the report tests. Stores are written file by file (as `records.ts` describes
 * them) when a test needs exact ids, times or broken files; through the library otherwise.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { experimentDir } from "../src/format/experiment-dir.js";
import { encodeNumber } from "../src/format/metric-value.js";
import type { MetricSummary, RunRecord } from "../src/model/run-record.js";
import type { MetricLine, MetricSummaryFile, RunFile } from "../src/format/records.js";
import { stableJson } from "../src/format/stable-json.js";
import { dictionary } from "../src/format/dictionary.js";
import type { CliIO } from "../src/cli/io.js";
import { RunData } from "../src/client/runs/run-data.js";
import { MANIFEST_FILE, SHARD_DIR } from "../src/report/build-manifest.js";
import { CHUNK_CALLBACK, type ExperimentData, type RunSlice } from "../src/report/page-data.js";

const temps: string[] = [];

/** A fresh temp folder, removed by `removeTemps` (call it in `after`). */
export function tempDir(prefix = "runtree-report-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function removeTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Run id number `n` as 32 hex digits; ids sort like their numbers. */
export function id(n: number): string {
  return n.toString(16).padStart(32, "0");
}

export const T0 = Date.UTC(2026, 0, 1);

export interface RunSpec {
  readonly n: number;
  readonly parent?: number;
  readonly name?: string;
  readonly status?: RunFile["status"];
  /** Seconds after T0. */
  readonly start?: number;
  readonly params?: RunFile["params"];
  readonly tags?: RunFile["tags"];
  /** Metric histories: key to values by step 0, 1, 2… */
  readonly metrics?: Readonly<Record<string, readonly number[]>>;
  readonly extra?: Partial<RunFile>;
  /** Artifact files: relative path to content. */
  readonly artifacts?: Readonly<Record<string, string>>;
}

function summary(values: readonly number[], start: number): MetricSummaryFile {
  const finite = values.filter((v) => !Number.isNaN(v));
  const last = values[values.length - 1]!;
  return {
    last: encodeNumber(last),
    step: values.length - 1,
    timestamp: start + values.length - 1,
    min: encodeNumber(finite.length ? Math.min(...finite) : NaN),
    max: encodeNumber(finite.length ? Math.max(...finite) : NaN),
    count: values.length,
  };
}

/** Writes an experiment and its runs the way the library would, and returns the experiment's folder. */
export function writeExperiment(root: string, name: string, runs: readonly RunSpec[]): string {
  const dir = join(root, experimentDir(name));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "experiment.json"), stableJson({ format: 1, name }));
  for (const spec of runs) {
    const start = T0 + (spec.start ?? spec.n) * 1000;
    const metrics: Record<string, MetricSummaryFile> = {};
    const lines: MetricLine[] = [];
    for (const [key, values] of Object.entries(spec.metrics ?? {})) {
      metrics[key] = summary(values, start);
      values.forEach((value, step) => lines.push({ key, value: encodeNumber(value), step, timestamp: start + step }));
    }
    const run: RunFile = {
      format: 1,
      id: id(spec.n),
      experiment: name,
      name: spec.name ?? `run-${spec.n}`,
      parentId: spec.parent === undefined ? null : id(spec.parent),
      status: spec.status ?? "FINISHED",
      startTime: start,
      endTime: (spec.status ?? "FINISHED") === "RUNNING" ? null : start + 60_000,
      params: spec.params ?? {},
      tags: spec.tags ?? {},
      metrics,
      ...spec.extra,
    };
    const runDir = join(dir, run.id);
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, "run.json"), stableJson(run));
    if (lines.length > 0) {
      const header = JSON.stringify({ format: 1, run: run.id });
      writeFileSync(join(runDir, "metrics.jsonl"), [header, ...lines.map((l) => JSON.stringify(l))].join("\n") + "\n");
    }
    for (const [path, content] of Object.entries(spec.artifacts ?? {})) {
      const file = join(runDir, "artifacts", ...path.split("/"));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  return dir;
}

/** Stand-ins for the browser script and stylesheet, so builds do not depend on `npm run build`. */
export function fakeAssets(root: string): { script: string; style: string } {
  const script = join(root, "report.js");
  const style = join(root, "report.css");
  writeFileSync(script, "/* report.js */\n");
  writeFileSync(style, "/* report.css */\n");
  return { script, style };
}

/** Every file below `root`, as sorted posix paths relative to it. */
export function filesOf(root: string, dir = ""): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      return entry.isDirectory() ? filesOf(root, path) : [path];
    })
    .sort();
}

const HOUR = 3_600_000;

/**
 * Sets the times of the files below `root` changed in the last half hour an hour back: the state of files
 * last changed long before a build. (Older files are left alone: setting times is itself a change, to
 * their ctime, which the build notices like any other.)
 */
export function age(root: string): void {
  const then = new Date(Date.now() - HOUR);
  for (const path of filesOf(root)) {
    if (statSync(join(root, path)).mtimeMs > Date.now() - HOUR / 2) utimesSync(join(root, path), then, then);
  }
}

/** Whether a file of a report folder is part of the site, not the builds' bookkeeping (the manifest and its shards). */
export function isSiteFile(path: string): boolean {
  return path !== MANIFEST_FILE && !path.startsWith(`${SHARD_DIR}/`);
}

/**
 * Path to sha-256 of every file of the site below `root`: the build manifest (and its shards) is left out, as it is the
 * builds' bookkeeping (fingerprints of the store's files, which a copy of the store does not share), not
 * part of the site.
 */
export function hashTree(root: string): Map<string, string> {
  return new Map(
    filesOf(root)
      .filter(isSiteFile)
      .map((path) => [path, createHash("sha256").update(readFileSync(join(root, path))).digest("hex")]),
  );
}

/**
 * An experiment's runs as its page gets them: `data.js` and every `runs-<k>.js` are run as scripts with a
 * bare `window` as their only global (what a script tag does with them), in this realm so the results
 * compare with plain objects; the slices then go into the browser script's own `RunData`.
 */
export function experimentRuns(out: string, slug: string): { data: ExperimentData; runs: RunData; files: string[] } {
  const window: { __RUNTREE_EXPERIMENT__?: ExperimentData; __RUNTREE_SLICES__?: RunSlice[] } = {};
  const files = filesOf(out, `experiments/${slug}`).filter((path) => /\/(data|runs-\d+)\.js$/.test(path));
  for (const file of files) new Function("window", read(out, file))(window);
  const data = window.__RUNTREE_EXPERIMENT__;
  if (!data) throw new Error(`experiments/${slug}/data.js set no window.__RUNTREE_EXPERIMENT__`);
  const runs = new RunData(data);
  for (const slice of window.__RUNTREE_SLICES__ ?? []) runs.add(slice);
  if (!runs.complete) throw new Error(`experiments/${slug}: ${runs.loaded} of ${runs.count} runs in its files`);
  return { data, runs, files };
}

/** Every run of `runs` as a record of its fields, params, metrics and tags (null-prototype records). */
export function runRecordsOf(runs: RunData): Array<Pick<RunRecord, "id" | "name" | "parentId" | "params" | "metrics" | "tags">> {
  return Array.from({ length: runs.count }, (_, n) => {
    const values = <V>(keys: readonly string[], value: (k: number) => V | undefined) =>
      dictionary(keys.flatMap((key, k): Array<[string, V]> => {
        const found = value(k);
        return found === undefined ? [] : [[key, found]];
      }));
    return {
      id: runs.id(n),
      name: runs.name(n),
      parentId: runs.parentId(n),
      params: values(runs.paramKeys, (k) => runs.param(k, n)),
      metrics: values(runs.metricKeys, (k) => runs.metric(k, n)),
      tags: values(runs.tagKeys, (k) => runs.tag(k, n)),
    };
  });
}

export function read(root: string, path: string): string {
  return readFileSync(join(root, ...path.split("/")), "utf8");
}

/**
 * A history or curves file beside a run page evaluated as the page's script tag does: a classic script whose
 * one statement calls `__RUNTREE_CHUNK__(src, data)`.
 */
export function evaluateChunk(js: string): { src: unknown; data: unknown } {
  const calls: Array<{ src: unknown; data: unknown }> = [];
  new Function(CHUNK_CALLBACK, js)((src: unknown, data: unknown) => calls.push({ src, data }));
  const [call] = calls;
  if (call === undefined || calls.length > 1) throw new Error(`the file made ${calls.length} calls of ${CHUNK_CALLBACK}, not one`);
  return call;
}

/** The `data-*` attributes of every runs-table row of a page, in document order. */
export function rowsOf(html: string): Array<{ id: string; parent: string; depth: number; className: string }> {
  const rows = [...html.matchAll(/<tr data-run-id="([^"]*)" data-parent-id="([^"]*)" data-depth="(\d+)" class="([^"]*)">/g)];
  return rows.map((m) => ({ id: m[1]!, parent: m[2]!, depth: Number(m[3]), className: m[4]! }));
}

/** A CliIO that records what a command prints. */
export function captureIO(cwd: string, tty = false): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (chunk: string) => (out += chunk), isTTY: tty },
    stderr: { write: (chunk: string) => (err += chunk), isTTY: tty },
    cwd,
    env: {},
    out: () => out,
    err: () => err,
  };
}

/** A RunRecord as the reader would make it, for the pure tests (no disk). */
export function runRecord(
  fields: Partial<RunRecord> & { readonly n: number },
): RunRecord {
  const { n, ...rest } = fields;
  const metrics = rest.metrics ?? {};
  const summaries: Record<string, MetricSummary> = {};
  for (const [key, value] of Object.entries(metrics)) {
    summaries[key] = { last: value, step: 0, timestamp: T0, min: value, max: value, count: 1 };
  }
  return {
    id: id(n),
    name: `run-${n}`,
    experiment: "exp",
    parentId: null,
    status: "FINISHED",
    startTime: T0 + n * 1000,
    endTime: T0 + n * 1000 + 5000,
    params: {},
    metrics,
    tags: {},
    abandoned: false,
    metricSummaries: summaries,
    dir: `/nonexistent/exp/${id(n)}`,
    experimentDir: "exp",
    ...rest,
  };
}
