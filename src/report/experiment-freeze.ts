/**
 * Experiments a rebuild takes over whole. When nothing in an experiment's folder changed since the last build
 * (the same entries, and the same fingerprints for its experiment.json and every run.json), its pages, its
 * runs' pages and what the site-wide pages say of it are what they were: the rebuild neither reads its runs
 * nor plans, keys or renders anything of it, and a rebuild after one run was added costs little more than a
 * look at every run.json's metadata and the work for the experiment that changed.
 *
 * Only an experiment that stands alone is taken over: every run ended (a running run's summary comes from its
 * history, and whether it is abandoned from its process), no parent link into or out of its folder, no run id
 * also in another folder, and a readable experiment.json. Anything else is read as usual.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FILE } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";
import type { ExperimentRecord } from "../model/experiment-record.js";
import type { Problem } from "../model/problem.js";
import type { RunRecord } from "../model/run-record.js";
import type { BuildManifest } from "./build-manifest.js";
import { fingerprint } from "./fingerprint.js";

/** What the manifest keeps of an experiment folder to take it over whole next time. */
export interface FrozenExperiment {
  /** The folder's look (`lookAtFolders`) when this build read it. */
  readonly look: string;
  /** Its record as the store reads it (what `--experiment` and the store's problems need). */
  readonly stored: ExperimentRecord;
  /** How the report showed it (after `--filter`), or null when `--experiment` left it out. */
  readonly shown: { readonly record: ExperimentRecord; readonly slug: string; readonly runs: number; readonly newSince: number } | null;
  /** Every problem with its files: from reading it, its tree, its artifacts and its pages. */
  readonly problems: readonly Problem[];
  /** Its groups in the report (see page-keys.ts), of which its runs' pages, and their files. */
  readonly groups: number;
  readonly runPages: number;
  readonly files: number;
}

/** A folder as a look at its entries and file metadata sees it: its run ids, and a hash (null: not to be trusted). */
export interface FolderLook {
  readonly ids: readonly string[];
  /** The fingerprints of the run.json files of `ids` taken by the look, in the same order (fewer when it stopped at an untrusted one). */
  readonly fps: ReadonlyArray<string | null>;
  readonly look: string | null;
}

function kind(entry: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }): string {
  return entry.isDirectory() ? "d" : entry.isFile() ? "f" : entry.isSymbolicLink() ? "l" : "o";
}

/**
 * Each experiment folder of the runtree store at `root`, looked at before it is read (the look vouches for
 * what is read after it, as a fingerprint does: fingerprint.ts). The run.json fingerprints it took are kept,
 * so that reading a run does not take another (`FolderLook.fps`).
 */
export function lookAtFolders(root: string, now: number): Map<string, FolderLook> {
  const looks = new Map<string, FolderLook>();
  let folders;
  try {
    folders = readdirSync(root, { withFileTypes: true });
  } catch {
    return looks;
  }
  for (const folder of folders) {
    if (folder.name.startsWith(".") || !folder.isDirectory()) continue;
    const dir = join(root, folder.name);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      continue;
    }
    const experiment = fingerprint(join(dir, FILE.experiment), now);
    const parts = [folder.name, String(experiment)];
    let trusted = experiment !== null;
    const ids: string[] = [];
    const fps: Array<string | null> = [];
    for (const entry of entries) {
      parts.push(entry.name, kind(entry));
      if (!RUN_ID.test(entry.name)) continue;
      ids.push(entry.name);
      if (!trusted) continue;
      // Concatenated, not joined: `dir` is absolute and the names are plain, and join() costs 10,000 normalisations.
      const fp = fingerprint(`${dir}/${entry.name}/${FILE.run}`, now);
      fps.push(fp);
      if (fp === null) trusted = false;
      else parts.push(fp);
    }
    looks.set(folder.name, { ids, fps, look: trusted ? createHash("sha1").update(parts.join("\u0000")).digest("hex") : null });
  }
  return looks;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The frozen experiment a manifest note holds, when it is well formed (the manifest's checksum vouches for the rest). */
function frozenIn(value: unknown): FrozenExperiment | null {
  if (!isRecord(value) || typeof value.look !== "string" || !isRecord(value.stored) || !Array.isArray(value.problems)) return null;
  if (![value.groups, value.runPages, value.files].every((n) => typeof n === "number")) return null;
  const shown = value.shown;
  if (!(shown === null || (isRecord(shown) && isRecord(shown.record) && typeof shown.slug === "string"))) return null;
  return value as unknown as FrozenExperiment;
}

/** Whether none of the given run ids is also in another folder of the store (a copy: DUPLICATE_RUN). */
function uniqueIds(looks: ReadonlyMap<string, FolderLook>): (ids: readonly string[]) => boolean {
  const owners = new Map<string, number>();
  for (const { ids } of looks.values()) for (const id of ids) owners.set(id, (owners.get(id) ?? 0) + 1);
  return (ids) => ids.every((id) => owners.get(id) === 1);
}

/**
 * The folders nothing has changed in since the last build, with what it kept of each, when the report
 * still holds their pages (`present`: given the experiment's slug, its folder's run ids and how many run
 * pages it had).
 */
export function frozenFolders(
  looks: ReadonlyMap<string, FolderLook>,
  previous: BuildManifest | null,
  present: (slug: string, ids: readonly string[], runPages: number) => boolean,
): Map<string, FrozenExperiment> {
  const frozen = new Map<string, FrozenExperiment>();
  if (previous === null) return frozen;
  const unique = uniqueIds(looks);
  for (const [dir, { ids, look }] of looks) {
    const kept = frozenIn(previous.folders.get(dir)?.frozen);
    if (look === null || kept === null || kept.look !== look || !unique(ids)) continue;
    if (kept.shown === null || present(kept.shown.slug, ids, kept.runPages)) frozen.set(dir, kept);
  }
  return frozen;
}

/** Whether a run read now links to a run of a folder taken over (then that folder must be read after all). */
export function linksInto(runs: readonly RunRecord[], frozen: ReadonlyMap<string, unknown>, looks: ReadonlyMap<string, FolderLook>): boolean {
  const frozenIds = new Set<string>();
  for (const dir of frozen.keys()) for (const id of looks.get(dir)?.ids ?? []) frozenIds.add(id);
  return runs.some((run) => run.parentId !== null && frozenIds.has(run.parentId));
}

export interface FreezeInput {
  readonly looks: ReadonlyMap<string, FolderLook>;
  readonly frozen: ReadonlyMap<string, FrozenExperiment>;
  /** Runs read by this build (the folders not taken over), every one, deleted too. */
  readonly runs: readonly RunRecord[];
  readonly stored: readonly ExperimentRecord[];
  /** The experiments shown, by store folder, with the runs shown of each. */
  readonly shown: ReadonlyMap<string, { readonly record: ExperimentRecord; readonly slug: string; readonly runs: readonly RunRecord[] }>;
  readonly isNew: (run: RunRecord) => boolean;
  /** Every problem of this build. */
  readonly problems: readonly Problem[];
  /** The groups made from each folder read. */
  readonly groups: ReadonlyMap<string, Readonly<Record<string, { readonly files: Readonly<Record<string, number>> }>>>;
}

/** What the next build may take over, by folder: the folders taken over now as they were, and each read one that stands alone. */
export function freezeNotes(input: FreezeInput): Map<string, { frozen: FrozenExperiment | null }> {
  const notes = new Map<string, { frozen: FrozenExperiment | null }>();
  const byDir = new Map<string, RunRecord[]>();
  const dirOf = new Map<string, string>();
  for (const run of input.runs) {
    dirOf.set(run.id, run.experimentDir);
    const list = byDir.get(run.experimentDir);
    if (list) list.push(run);
    else byDir.set(run.experimentDir, [run]);
  }
  // A folder linked to from another one, or linking out of itself, is read every time.
  const linked = new Set<string>();
  for (const run of input.runs) {
    if (run.parentId === null) continue;
    const parentDir = dirOf.get(run.parentId);
    if (parentDir !== run.experimentDir) {
      linked.add(run.experimentDir);
      if (parentDir !== undefined) linked.add(parentDir);
    }
  }
  const stored = new Map(input.stored.map((record) => [record.dir, record]));
  const unique = uniqueIds(input.looks);
  for (const [dir, { ids, look }] of input.looks) {
    const kept = input.frozen.get(dir);
    if (kept !== undefined) {
      notes.set(dir, { frozen: kept });
      continue;
    }
    const runs = byDir.get(dir) ?? [];
    const record = stored.get(dir);
    const alone = !linked.has(dir) && unique(ids) && runs.every((run) => run.status !== "RUNNING");
    if (look === null || record === undefined || !alone) {
      notes.set(dir, { frozen: null });
      continue;
    }
    const entry = input.shown.get(dir);
    const prefix = `${dir}/`;
    const groups = Object.entries(input.groups.get(dir) ?? {});
    notes.set(dir, {
      frozen: {
        look,
        stored: record,
        shown: entry ? { record: entry.record, slug: entry.slug, runs: entry.runs.length, newSince: entry.runs.filter(input.isNew).length } : null,
        problems: input.problems.filter((problem) => problem.file.startsWith(prefix)),
        groups: groups.length,
        runPages: groups.filter(([name]) => name.startsWith("run:")).length,
        files: groups.reduce((sum, [, group]) => sum + Object.keys(group.files).length, 0),
      },
    });
  }
  return notes;
}
