/**
 * The report's effects: read the store, plan the site (pure), then write it in place, incrementally: only
 * the groups of files whose inputs changed since the last build are rendered (write-site.ts), only files
 * whose bytes change are written (site-writer.ts), what is no longer part of the report is removed
 * (stale-files.ts), and the build manifest that makes the next build incremental is written last
 * (build-manifest.ts). Every check that can fail because of the input (store, options, output folder)
 * runs before the first byte is written.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, RuntreeError, writeFailed } from "../errors.js";
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { Objective } from "../format/records.js";
import { readStoreAt } from "../load/read-at-revision.js";
import { storeFormatOf } from "../load/read-store.js";
import { historyShelf } from "../mlflow/history-shelf.js";
import { compileFilter } from "../search/index.js";
import { baseView, isNewSince, type BaseView } from "./base-view.js";
import { buildIdentity } from "./build-identity.js";
import { dropManifest, MANIFEST_FILE, previousBuild, SHARD_DIR, writeManifest } from "./build-manifest.js";
import { sitePath } from "./links.js";
import { nextToken, pageWriter, VERSION_FILE, versionScript } from "./live-pages.js";
import { LOCK_FILE, lockOutput } from "./output-lock.js";
import { checkOutput, prepareOutput } from "./output-dir.js";
import { groupName } from "./page-keys.js";
import { pageLanes } from "./page-lanes.js";
import { planSite, planSummaryPages } from "./plan.js";
import { createRenderer } from "./render.js";
import { countFiles, nextManifest } from "./next-manifest.js";
import { FrozenGone, readForBuild } from "./read-for-build.js";
import { runFileCache } from "./run-file-cache.js";
import { runFingerprints } from "./run-fingerprint.js";
import { artifactsByPath, artifactsOf } from "./run-artifacts.js";
import { select } from "./select.js";
import { removeStale } from "./stale-files.js";
import { siteWriter } from "./site-writer.js";
import { siteFolders } from "./site-folders.js";
import { sortProblems } from "./summary-pages.js";
import { writeExperimentsAndRuns } from "./write-site.js";

export interface BuildOptions {
  /** The store to read (runtree or MLflow layout). */
  readonly store: string;
  /** The folder to write; created if missing, updated in place if it holds a previous report. */
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
   * Pages that keep themselves up to date (`report --watch`): each polls `version.js` and refreshes its
   * data when a later build changed it (see live-pages.ts).
   */
  readonly live?: boolean;
  /**
   * A git revision (`main`, `HEAD~3`, a commit id): runs added since the store as committed there are
   * marked new, and sweeps show their best at that revision beside today's.
   */
  readonly base?: string;
  /**
   * Cores that read a big MLflow experiment (mlflow/read-pool.ts) and make run pages (page-lanes.ts): the
   * main thread and `jobs - 1` workers. By default one per core, up to four, for an experiment of at least
   * 1,000 runs to read or pages to make.
   */
  readonly jobs?: number;
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
  /** Files in the report (pages, data, assets, artifacts, marker). */
  readonly files: number;
  /** Files this build wrote: new, or with other bytes than before (the others were left untouched). */
  readonly written: number;
  /** Files of an earlier report that are not part of this one, removed. */
  readonly removed: number;
  /** Experiments and run pages taken over from the previous build without rendering them again. */
  readonly reused: number;
  /** False when no earlier build here could be trusted and every page was made afresh. */
  readonly incremental: boolean;
  /** Every problem, sorted, each once: what the reader found and what the build had to skip. */
  readonly problems: readonly Problem[];
  /** Threads that made run pages: 0 when none was made, 1 for the main thread alone, more with page workers. */
  readonly lanes: number;
  /** With `base`: its commit and how many of the runs shown are new since it. */
  readonly newSince: { readonly commit: string; readonly runs: number } | null;
}

const ROOT = new URL("../../", import.meta.url);
export const DEFAULT_ASSETS = {
  script: fileURLToPath(new URL("dist/assets/report.js", ROOT)),
  style: fileURLToPath(new URL("templates/assets/report.css", ROOT)),
} as const;

export const DEFAULT_TITLE = "runtree report";

async function assertAssets(assets: { script: string; style: string }): Promise<void> {
  for (const file of [assets.script, assets.style]) {
    try {
      await access(file);
    } catch {
      throw new RuntreeError(ErrorCode.InvalidArgument, `report asset ${file} is missing (run \`npm run build\`)`, { file });
    }
  }
}

/** Everything besides the store's content that shapes the report's bytes (`stamp` only touches the index, always made). */
function optionsKey(options: BuildOptions, base: BaseView | null): string {
  const shape = {
    store: resolve(options.store),
    experiments: [...new Set(options.experiments ?? [])].sort(),
    filter: options.filter ?? null,
    objective: options.objective ?? null,
    title: options.title ?? DEFAULT_TITLE,
    pageSize: options.pageSize ?? null,
    base: base?.commit ?? null,
    live: options.live === true,
  };
  return createHash("sha256").update(JSON.stringify(shape)).digest("hex");
}

/** The folder's own files, which are not part of the site. */
function isBookkeeping(path: string): boolean {
  return path === sitePath.marker || path === MANIFEST_FILE || path === SHARD_DIR || path.startsWith(`${SHARD_DIR}/`) || (!path.includes("/") && path.startsWith(LOCK_FILE));
}

/**
 * Builds the static report of `options.store` into `options.out`. Into a folder that holds the previous
 * report of the same store with the same options, it renders only what changed and writes only the files
 * whose bytes change; the result is the same, byte for byte, as a build into an empty folder.
 *
 * @example
 * const result = await buildReport({ store: "mlruns", out: "site", objective: { metric: "loss", goal: "min" } });
 * for (const problem of result.problems) console.warn(`${problem.file}: ${problem.message}`);
 * @throws {RuntreeError} STORE_NOT_FOUND, NOT_A_STORE, SEARCH_SYNTAX, EXPERIMENT_NOT_FOUND or INVALID_ARGUMENT (output
 * folder or assets), and for `base` NOT_IN_GIT_REPOSITORY, UNKNOWN_REVISION, SHALLOW_CLONE or
 * GIT_UNAVAILABLE, before anything is written.
 */
export async function buildReport(options: BuildOptions): Promise<BuildResult> {
  try {
    return await build(options, true);
  } catch (error) {
    // Something taken over from the last build was not there as it was (its manifest is gone by now).
    if (error instanceof FrozenGone) return build(options, false);
    throw error;
  }
}

async function build(options: BuildOptions, takeOver: boolean): Promise<BuildResult> {
  const keep = options.filter ? compileFilter(options.filter) : null;
  const lanes = pageLanes(options.jobs);
  const assets = options.assets ?? DEFAULT_ASSETS;
  // Cheap checks first: a wrong store folder or a refused output folder should not wait for a
  // 100,000-run store to be read (and a project folder given as the store is the problem to name).
  const format = await storeFormatOf(options.store);
  const target = await checkOutput(options.out, options.store);
  await assertAssets(assets);
  const base = options.base === undefined ? null : await readBase(options.store, options.base);
  const { version, identity } = buildIdentity(assets);
  const expected = { identity, options: optionsKey(options, base) };
  // Read without the lock: the runs it caches describe the store, whoever wrote it (checked again below).
  const before = await previousBuild(target.path, expected);
  const now = Date.now();
  const cache = runFileCache(resolve(options.store), (path) => before.manifest?.cachedRun(path), now);
  const listings = siteFolders(target.path);
  const histories = historyShelf();
  const { snapshot, looks, frozen } = await readForBuild({
    store: options.store,
    format,
    previous: takeOver ? before.manifest : null,
    site: listings,
    cache,
    histories,
    workers: lanes.workers,
    now,
    onProgress: (done) => options.onProgress?.({ phase: "read", done, total: null }),
  });
  const chosen = select(snapshot, { experiments: options.experiments ?? [], filter: keep });
  const shownFrozen = new Map<string, { record: ExperimentRecord; slug: string; runs: number; newSince: number; groups: number; files: number }>();
  for (const { dir } of chosen.experiments) {
    const kept = frozen.get(dir);
    if (kept === undefined) continue;
    if (kept.shown === null) throw new FrozenGone(dir);
    shownFrozen.set(dir, { ...kept.shown, groups: kept.groups, files: kept.files });
  }
  const listed = await artifactsOf(chosen.runs, cache);
  const site = planSite({
    experiments: chosen.experiments,
    runs: chosen.runs,
    artifacts: listed.paths,
    objective: options.objective ?? null,
    title: options.title ?? DEFAULT_TITLE,
    ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
    base,
    frozen: shownFrozen,
  });
  if (site.entries.some((entry) => entry.frozen && entry.frozen.slug !== entry.slug)) throw new FrozenGone("slug");
  const fp = runFingerprints(cache, listed.paths, now);

  const unlock = await prepareOutput(target)
    .then(() => lockOutput(target.path))
    .catch((error: unknown) => {
      throw asWriteFailure(target.path, error);
    });
  try {
    // Another build may have written here since the look above: only what is there now counts.
    const previous = await before.again();
    if (frozen.size > 0 && previous !== before.manifest) throw new FrozenGone("manifest");
    dropManifest(target.path);
    // Nothing but bookkeeping here yet: nothing can be stale, and the walk that finds stale files is skipped.
    const fresh = previous === null && readdirSync(target.path).every(isBookkeeping);
    // The listings taken before the lock are still true when no other build came in between.
    const writer = siteWriter(target.path, previous !== null && previous === before.manifest ? listings.listed() : undefined);
    writer.copy(groupName.site, sitePath.asset("report.js"), assets.script);
    writer.copy(groupName.site, sitePath.asset("report.css"), assets.style);
    const renderer = createRenderer();
    const writePage = pageWriter(writer, options.live === true);
    const outcome = await writeExperimentsAndRuns({
      writePage,
      site,
      root: target.path,
      writer,
      renderer,
      previous,
      fp,
      histories,
      lanes,
      onRun: (done, total) => options.onProgress?.({ phase: "write", done, total }),
    });
    const found = [...outcome.groups.values()].flatMap((group) => group.problems);
    const problems = sortProblems([...snapshot.problems, ...listed.links, ...site.problems, ...found]);
    for (const page of planSummaryPages(site, problems, options.stamp ?? null)) {
      writePage.write(groupName.site, page.path, renderer.render(page));
    }
    if (options.live) writer.write(groupName.site, VERSION_FILE, versionScript(nextToken(target.path, writer.written)));
    const removed = fresh ? 0 : removeStale(target.path, (path) => writer.has(path), previous, isBookkeeping, new Set(frozen.keys()));
    const isNew = (run: RunRecord) => base !== null && isNewSince(base, run);
    const runs = cache.entries((path) => artifactsByPath(listed, path));
    const content = nextManifest({ site, snapshot, looks, frozen, previous, files: writer.groups(), made: outcome.groups, runs, problems, isNew });
    writeManifest(target.path, { runtree: version, ...expected }, content);
    const frozenShown = [...shownFrozen.values()];
    return {
      out: target.path,
      experiments: site.entries.length,
      runs: chosen.runs.length + frozenShown.reduce((sum, f) => sum + f.runs, 0),
      files: countFiles(content, site),
      written: writer.written,
      removed,
      reused: outcome.reused,
      incremental: previous !== null,
      lanes: outcome.lanes,
      problems,
      newSince: base && { commit: base.commit, runs: chosen.runs.filter(isNew).length + frozenShown.reduce((sum, f) => sum + f.newSince, 0) },
    };
  } catch (error) {
    throw asWriteFailure(target.path, error);
  } finally {
    unlock();
  }
}

/** A refusal of the file system (full disk, read-only, permissions) names the report's folder; anything else passes. */
function asWriteFailure(out: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && !(error instanceof RuntreeError) ? writeFailed("write the report into", out, error) : error;
}

/** The store at the base revision, read from git objects; its own problems do not concern this report. */
async function readBase(store: string, revision: string): Promise<BaseView> {
  const at = await readStoreAt(store, revision);
  return baseView(at.commit, at.snapshot);
}
