/**
 * What a build leaves in its manifest for the next one (build-manifest.ts): each group of files with its
 * key and problems, the site's own apart and the others by the store folder they were made from, the cached
 * runs, and for each store folder what the next build may take over whole (experiment-freeze.ts).
 */
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import type { BuildManifest, CachedRunText, FileGroup, ManifestContent } from "./build-manifest.js";
import { freezeNotes, type FolderLook, type FrozenExperiment } from "./experiment-freeze.js";
import { groupName } from "./page-keys.js";
import type { Site } from "./plan.js";

export interface BuildOutcome {
  readonly site: Site;
  readonly snapshot: StoreSnapshot;
  readonly looks: ReadonlyMap<string, FolderLook>;
  readonly frozen: ReadonlyMap<string, FrozenExperiment>;
  /** The manifest the build trusted, if any. */
  readonly previous: BuildManifest | null;
  /** Files of each group made or kept, and the key and problems of each. */
  readonly files: ReadonlyMap<string, Readonly<Record<string, number>>>;
  readonly made: ReadonlyMap<string, { readonly key: string | null; readonly problems: readonly Problem[] }>;
  readonly runs: Iterable<readonly [string, CachedRunText]>;
  /** Every problem of the build. */
  readonly problems: readonly Problem[];
  readonly isNew: (run: RunRecord) => boolean;
}

export function nextManifest(outcome: BuildOutcome): ManifestContent {
  const { site, frozen } = outcome;
  // Which store folder each group was made from: an experiment's and its runs' pages, from its folder.
  const folderOf = new Map<string, string>();
  for (const entry of site.entries) {
    folderOf.set(groupName.experiment(entry.slug), entry.record.dir);
    for (const run of [...entry.runs, ...entry.deletedRuns]) folderOf.set(groupName.run(run.id), entry.record.dir);
  }
  const siteGroups: Record<string, FileGroup> = {};
  const groups = new Map<string, Record<string, FileGroup>>();
  for (const [name, files] of [...outcome.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const made = outcome.made.get(name);
    const group = { key: made?.key ?? null, files, problems: made?.problems ?? [] };
    const dir = folderOf.get(name);
    if (dir === undefined) siteGroups[name] = group;
    else {
      let list = groups.get(dir);
      if (!list) groups.set(dir, (list = {}));
      list[name] = group;
    }
  }
  const shown = new Map(site.entries.map((entry) => [entry.record.dir, { ...entry, runs: [...entry.runs, ...entry.deletedRuns] }]));
  const folders = freezeNotes({
    looks: outcome.looks,
    frozen,
    runs: outcome.snapshot.runs,
    stored: outcome.snapshot.experiments,
    shown,
    isNew: outcome.isNew,
    problems: outcome.problems,
    groups,
  });
  const carried = new Map([...frozen.keys()].map((dir) => [dir, outcome.previous?.folders.get(dir)?.shard ?? null]));
  return { site: siteGroups, groups, folders, runs: outcome.runs, carried };
}

/** Files in the report: every group's, the frozen experiments' (not listed in this build), and the marker. */
export function countFiles(content: ManifestContent, site: Site): number {
  let files = 1;
  for (const group of Object.values(content.site)) files += Object.keys(group.files).length;
  for (const list of content.groups.values()) for (const group of Object.values(list)) files += Object.keys(group.files).length;
  for (const entry of site.entries) files += entry.frozen?.files ?? 0;
  return files;
}
