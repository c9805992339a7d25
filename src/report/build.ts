/**
 * The report's effects: read the store, plan the site (pure), then render and write each page with a bound
 * on the work in flight, copy assets and artifacts, and swap the finished site into place. Every check that
 * can fail because of the input (store, options, output folder) runs before the first byte is written.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { access, copyFile, lstat, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, RuntreeError } from "../errors.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import { FILE, type Objective } from "../format/records.js";
import { mapLimit } from "../reader/map-limit.js";
import { readStoreAt } from "../load/read-at-revision.js";
import { readStore, storeFormatOf } from "../load/read-store.js";
import { listArtifacts } from "../reader/run-files.js";
import { compileFilter } from "../search/index.js";
import { copyArtifact } from "./artifacts.js";
import { baseView, isNewSince, type BaseView } from "./base-view.js";
import { forEachBounded } from "./bounded.js";
import { sitePath } from "./links.js";
import { checkOutput, createStaging, discard, swapIn } from "./output-dir.js";
import { planPages, planSite, planSummaryPages, type Site } from "./plan.js";
import { createRenderer, type Renderer } from "./render.js";
import { createChartCache } from "./chart-cache.js";
import type { RunCharts } from "./chart-data.js";
import { completeRunPage } from "./run-page.js";
import { select } from "./select.js";
import { sortProblems } from "./summary-pages.js";

export interface BuildOptions {
  /** The store to read (runtree or MLflow layout). */
  readonly store: string;
  /** The folder to write; created if missing, replaced if it holds a previous report. */
  readonly out: string;
  /** Experiments to include, by name or directory; all when empty. */
  readonly experiments?: readonly string[];
  /** A search filter; matching runs are kept with their ancestors. */
  readonly filter?: string;
  /** For runs with children that declare no objective. */
  readonly objective?: Objective | null;
  readonly title?: string;
  /** When set, the index says when the report was generated (otherwise output depends on the store only). */
  readonly stamp?: number | null;
  readonly onProgress?: (progress: BuildProgress) => void;
  /** Files (browser script, stylesheet) copied into `assets/`; defaults to the package's. */
  readonly assets?: { readonly script: string; readonly style: string };
  /** Top-level runs per static experiment page (default 100). */
  readonly pageSize?: number;
  /**
   * A git revision (`main`, `HEAD~3`, a commit id): runs added since the store as committed there are
   * marked new, and sweeps show their best at that revision beside today's.
   */
  readonly base?: string;
}

export interface BuildProgress {
  readonly phase: "read" | "write";
  readonly done: number;
  /** Known total for the phase, or null. */
  readonly total: number | null;
}

export interface BuildResult {
  /** Absolute path of the finished report. */
  readonly out: string;
  readonly experiments: number;
  readonly runs: number;
  /** Files written (pages, data, assets, artifacts, marker). */
  readonly files: number;
  /** Every problem, sorted, each once: what the reader found and what the build had to skip. */
  readonly problems: readonly Problem[];
  /** With `base`: its commit and how many of the runs shown are new since it. */
  readonly newSince: { readonly commit: string; readonly runs: number } | null;
}

const ROOT = new URL("../../", import.meta.url);
export const DEFAULT_ASSETS = {
  script: fileURLToPath(new URL("dist/assets/report.js", ROOT)),
  style: fileURLToPath(new URL("templates/assets/report.css", ROOT)),
} as const;

export const DEFAULT_TITLE = "runtree report";
/** Pages being loaded, rendered and written at once: enough to keep the disk busy, few enough to bound memory. */
const IN_FLIGHT = 16;
/** Bytes of children's charts kept between their parent's page and their own (see chart-cache.ts). */
const CHART_CACHE_BYTES = 32 * 1024 * 1024;
const MARKER_TEXT = "This folder was written by `runtree report`; a later build may replace all of it.\n";

async function assertAssets(assets: { script: string; style: string }): Promise<void> {
  for (const file of [assets.script, assets.style]) {
    try {
      await access(file);
    } catch {
      throw new RuntreeError(ErrorCode.InvalidArgument, `report asset ${file} is missing (run \`npm run build\`)`, { file });
    }
  }
}

/**
 * Builds the static report of `options.store` into `options.out`.
 *
 * @example
 * const result = await buildReport({ store: "mlruns", out: "site", objective: { metric: "loss", goal: "min" } });
 * for (const problem of result.problems) console.warn(`${problem.file}: ${problem.message}`);
 * @throws {RuntreeError} STORE_NOT_FOUND, NOT_A_STORE, SEARCH_SYNTAX, EXPERIMENT_NOT_FOUND or INVALID_ARGUMENT (output
 * folder or assets), and for `base` NOT_IN_GIT_REPOSITORY, UNKNOWN_REVISION, SHALLOW_CLONE or
 * GIT_UNAVAILABLE, before anything is written.
 */
export async function buildReport(options: BuildOptions): Promise<BuildResult> {
  const keep = options.filter ? compileFilter(options.filter) : null;
  const assets = options.assets ?? DEFAULT_ASSETS;
  // Cheap checks first: a wrong store folder or a refused output folder should not wait for a
  // 100,000-run store to be read (and a project folder given as the store is the problem to name).
  await storeFormatOf(options.store);
  const target = await checkOutput(options.out, options.store);
  await assertAssets(assets);
  const snapshot = await readStore(options.store, {
    onProgress: (done) => options.onProgress?.({ phase: "read", done, total: null }),
  });
  const chosen = select(snapshot, { experiments: options.experiments ?? [], filter: keep });
  const base = options.base === undefined ? null : await readBase(options.store, options.base);

  const listed = new Map<string, readonly string[]>();
  await mapLimit(chosen.runs, 32, async (run) => {
    // Most runs have no artifact folder: one lstat is much cheaper than a glob.
    if (!(await isFolder(join(run.dir, FILE.artifacts)))) return;
    const paths = await listArtifacts(run);
    if (paths.length > 0) listed.set(run.id, paths);
  });
  const site = planSite({
    experiments: chosen.experiments,
    runs: chosen.runs,
    artifacts: listed,
    objective: options.objective ?? null,
    title: options.title ?? DEFAULT_TITLE,
    ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
    base,
  });

  const staging = await createStaging(target);
  const renderer = createRenderer();
  try {
    const written = await writeSite(site, staging, renderer, assets, options);
    const problems = sortProblems([...snapshot.problems, ...site.problems, ...written.problems]);
    for (const page of planSummaryPages(site, problems, options.stamp ?? null)) {
      await writePage(staging, page.path, renderer.render(page));
    }
    await swapIn(staging, target);
    return {
      out: target.path,
      experiments: site.entries.length,
      runs: chosen.runs.length,
      files: written.files + 2,
      problems,
      newSince: base && { commit: base.commit, runs: chosen.runs.filter((run) => isNewSince(base, run)).length },
    };
  } catch (error) {
    await discard(staging);
    throw error;
  }
}

/** The store at the base revision, read from git objects; its own problems do not concern this report. */
async function readBase(store: string, revision: string): Promise<BaseView> {
  const at = await readStoreAt(store, revision);
  return baseView(at.commit, at.snapshot);
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function writePage(root: string, path: string, content: string): Promise<void> {
  const file = join(root, ...path.split("/"));
  // Sync on purpose: thousands of small pages are written several times faster without a thread-pool
  // round trip per open, write and close.
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** A file beside a run's page (`relative` is ours: `history/0-1.js`, `curves/0.js`). */
function writeFileInRun(root: string, runId: string, relative: string, content: string): void {
  const file = join(root, ...sitePath.runFile(runId, relative).split("/"));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function writeSite(
  site: Site,
  staging: string,
  renderer: Renderer,
  assets: { script: string; style: string },
  options: BuildOptions,
): Promise<{ files: number; problems: Problem[] }> {
  await writePage(staging, sitePath.marker, MARKER_TEXT);
  await mkdir(join(staging, "assets"));
  await copyFile(assets.script, join(staging, ...sitePath.asset("report.js").split("/")));
  await copyFile(assets.style, join(staging, ...sitePath.asset("report.css").split("/")));
  const problems: Problem[] = [];
  let files = 3;
  const writeFor = (run: RunRecord) => (relative: string, content: string) => {
    writeFileInRun(staging, run.id, relative, content);
    files++;
  };
  const charts = createChartCache(CHART_CACHE_BYTES, problems, writeFor);
  const total = site.entries.reduce((sum, entry) => sum + entry.runs.length, 0);
  let runsDone = 0;
  await forEachBounded(planPages(site), IN_FLIGHT, async (page) => {
    if (page.kind !== "run") {
      await writePage(staging, page.path, renderer.render(page));
      files++;
      return;
    }
    const plan = page.model;
    const own = await charts.forOwnPage(plan.run);
    const children = new Map<string, RunCharts>();
    for (const child of plan.curveChildren) children.set(child.id, await charts.forParent(child));
    const complete = completeRunPage(plan, own, children);
    await writePage(staging, page.path, renderer.render({ ...page, model: complete.model }));
    files++;
    for (const file of complete.files) writeFor(plan.run)(file.relative, file.content);
    for (const artifact of plan.artifacts) {
      const problem = await copyArtifact(plan.run, artifact.segments, staging);
      if (problem) problems.push(problem);
      else files++;
    }
    runsDone++;
    options.onProgress?.({ phase: "write", done: runsDone, total });
  });
  return { files, problems };
}
