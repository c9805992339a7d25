/**
 * Makes the site's experiment and run files, group by group (see page-keys.ts): a group whose key is the one
 * the previous build recorded, and whose files are still there, is taken over as it is, without planning
 * or rendering anything; any other group is planned, rendered and written (each file only if its bytes
 * change). Run pages are made with a bound on the work in flight, on several cores when `lanes` allows
 * (page-pool.ts).
 *
 * An experiment whose key is unchanged has every run page's key unchanged too (each depends on a part of
 * what the experiment's key covers: the experiment, and its runs' fingerprints), so its run pages are taken
 * over without computing their keys: on a big store, a rebuild then costs little more than a look at each
 * run.json's metadata.
 */
import type { HistoryShelf } from "../mlflow/history-shelf.js";
import type { Problem } from "../model/problem.js";
import { forEachBounded } from "./bounded.js";
import { groupIn, type BuildManifest } from "./build-manifest.js";
import type { ExperimentEntry } from "./experiment-pages.js";
import { writeExperimentFiles } from "./experiment-files.js";
import type { PageWriter } from "./live-pages.js";
import { experimentKey, groupName, runPageKey, subtreeKeys, type RunFingerprint } from "./page-keys.js";
import { startPagePool } from "./page-pool.js";
import { runPageItems, type RunPageItem, type Site } from "./plan.js";
import type { Renderer } from "./render.js";
import { IN_FLIGHT, makeRunPage, pageTools } from "./run-page-work.js";
import { sortProblems } from "./summary-pages.js";
import type { SiteWriter } from "./site-writer.js";

export interface SiteWork {
  readonly site: Site;
  /** The report folder. */
  readonly root: string;
  readonly writer: SiteWriter;
  readonly renderer: Renderer;
  /** The previous build's manifest, when it is trusted. */
  readonly previous: BuildManifest | null;
  readonly fp: RunFingerprint;
  /** Writes HTML pages, live or not (see live-pages.ts). */
  readonly writePage: PageWriter;
  /** MLflow histories the store's reader kept for the charts. */
  readonly histories?: HistoryShelf;
  /**
   * Page workers beside the main thread (page-pool.ts), started before any page is made when some
   * experiment has at least `minPages` run pages to make; none when absent.
   */
  readonly lanes?: { readonly workers: number; readonly minPages: number };
  /** After each run page, made or kept. */
  readonly onRun?: (done: number, total: number) => void;
}

export interface SiteOutcome {
  /** Key and problems of each group made or kept (files are the writer's). */
  readonly groups: ReadonlyMap<string, { readonly key: string | null; readonly problems: readonly Problem[] }>;
  /** Groups taken over from the previous build without rendering (those of experiments taken over whole too). */
  readonly reused: number;
  /** Groups planned and rendered. */
  readonly rendered: number;
  /** Threads that made run pages: 0 when none was made, 1 for the main thread alone (page-pool.ts). */
  readonly lanes: number;
}

export async function writeExperimentsAndRuns(work: SiteWork): Promise<SiteOutcome> {
  const { site, writer, renderer, previous, fp } = work;
  const keys = new Map<string, string | null>();
  const problems = new Map<string, Problem[]>();
  const problemsOf = (group: string) => {
    let list = problems.get(group);
    if (!list) problems.set(group, (list = []));
    return list;
  };
  const taken = new Set<string>();
  let whole = 0;
  /**
   * True when the group (of the store folder `dir`) is taken over (`key` undefined: whatever its key was);
   * either way its key is recorded.
   */
  const reuse = (group: string, key: string | null | undefined, dir: string): boolean => {
    const before = groupIn(previous, group, dir);
    const wanted = key === undefined ? (before?.key ?? null) : key;
    keys.set(group, wanted);
    if (wanted === null || before === undefined || before.key !== wanted || !writer.keep(group, before.files)) {
      taken.delete(group);
      return false;
    }
    problems.set(group, [...before.problems]);
    taken.add(group);
    return true;
  };
  const tools = pageTools({ root: work.root, writer, renderer, writePage: work.writePage, problemsOf }, work.histories);
  const total = site.entries.reduce((sum, entry) => sum + entry.runs.length + entry.deletedRuns.length, 0);
  let runsDone = 0;
  const done = (pages: number) => work.onRun?.((runsDone += pages), total);
  const local = (items: readonly RunPageItem[]) =>
    forEachBounded(items, IN_FLIGHT, async (item) => {
      await makeRunPage(item, tools);
      done(1);
    });
  // First what each experiment needs (its own files made or not, the run pages to make), so that page
  // workers, when wanted, start before the main thread writes anything and are ready when pages come.
  const needs: Array<{ readonly index: number; readonly files: boolean; readonly pages: RunPageItem[] }> = [];
  for (const [index, entry] of site.entries.entries()) {
    const dir = entry.record.dir;
    if (entry.frozen) {
      // Taken over whole (experiment-freeze.ts): its groups stay in the manifest's shard of its folder, unread.
      whole += entry.frozen.groups;
      continue;
    }
    const files = !reuse(groupName.experiment(entry.slug), experimentKey(entry, fp), dir);
    if (!files && entry.runs.every((run) => reuse(groupName.run(run.id), undefined, dir))) {
      done(entry.runs.length);
      continue;
    }
    const subtree = subtreeKeys(entry, fp);
    const pages: RunPageItem[] = [];
    for (const item of runPageItems(site, entry)) {
      const key = runPageKey(entry, item.run, item, item.artifacts, subtree.get(item.run.id) ?? null);
      if (!reuse(groupName.run(item.run.id), key, dir)) pages.push(item);
      else {
        tools.charts.skip(item.run);
        done(1);
      }
    }
    needs.push({ index, files, pages });
  }
  const asked = work.lanes;
  const pool =
    asked !== undefined && asked.workers > 0 && needs.some((need) => need.pages.length >= asked.minPages)
      ? startPagePool({ workers: asked.workers, site, root: work.root, live: work.writePage.live, writer, problemsOf, histories: work.histories })
      : null;
  try {
    for (const { index, files, pages } of needs) {
      const entry = site.entries[index]!;
      const writeFiles = files ? () => writeExperimentFiles(site, entry, work) : null;
      if (pool) await pool.run(index, pages, { local, done, writeFiles });
      else {
        writeFiles?.();
        await local(pages);
      }
    }
  } finally {
    await pool?.close();
  }
  const groups = new Map<string, { key: string | null; problems: readonly Problem[] }>();
  for (const [group, key] of keys) groups.set(group, { key, problems: sortProblems(problems.get(group) ?? []) });
  const lanes = pool ? pool.lanesUsed() : needs.some((need) => need.pages.length > 0) ? 1 : 0;
  return { groups, reused: taken.size + whole, rendered: keys.size - taken.size, lanes };
}
