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
import { fingerprintOf, MISSING, settled, statLater } from "./fingerprint.js";

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
  /**
   * The fingerprints of the run.json files of `ids` taken by the look, in the same order (fewer when it met an
   * untrusted one), made on demand: only the folders read need them.
   */
  fingerprints(): ReadonlyArray<string | null>;
  readonly look: string | null;
  /** False when one of its run ids is also in another folder of the store (a copy: DUPLICATE_RUN). */
  readonly unique: boolean;
}

function kind(entry: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }): string {
  return entry.isDirectory() ? "d" : entry.isFile() ? "f" : entry.isSymbolicLink() ? "l" : "o";
}

/** Stat fields hashed per run.json: inode, size, modification and change times. */
const FIELDS = 4;

/**
 * One experiment folder, looked at: its entries in the order the file system lists them (a new order only
 * makes the look differ, and the folder is read again), and the metadata of each run's run.json, hashed as
 * numbers (turning 40,000 of them into text would cost more than the stats).
 */
async function lookAt(dir: string, name: string, now: number): Promise<Omit<FolderLook, "unique"> | null> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const ids: string[] = [];
  const names = [name];
  for (const entry of entries) {
    names.push(entry.name, kind(entry));
    if (RUN_ID.test(entry.name)) ids.push(entry.name);
  }
  // Concatenated, not joined: `dir` is absolute and the names are plain, and join() costs 10,000 normalisations.
  const all = await Promise.all([statLater(join(dir, FILE.experiment)), ...ids.map((id) => statLater(`${dir}/${id}/${FILE.run}`))]);
  // Kept as numbers (the stats objects of a 100,000-run folder would outlive the look by the whole build):
  // a missing file is all -1, one that cannot be looked at all NaN.
  const numbers = new Float64Array(FIELDS * all.length).fill(-1);
  let trusted = true;
  all.forEach((stats, n) => {
    if (stats === undefined) return;
    if (stats === null) {
      numbers.fill(NaN, FIELDS * n, FIELDS * (n + 1));
      trusted = false;
      return;
    }
    numbers[FIELDS * n] = stats.ino;
    numbers[FIELDS * n + 1] = stats.size;
    numbers[FIELDS * n + 2] = stats.mtimeMs;
    numbers[FIELDS * n + 3] = stats.ctimeMs;
    if (!settled(stats, now)) trusted = false;
  });
  const count = all.length;
  const fingerprints = () => {
    const fps: Array<string | null> = [];
    for (let n = 1; n < count; n++) {
      const at = FIELDS * n;
      const fp = Number.isNaN(numbers[at]) ? null : numbers[at] === -1 ? MISSING : fingerprintOf({ ino: numbers[at]!, size: numbers[at + 1]!, mtimeMs: numbers[at + 2]!, ctimeMs: numbers[at + 3]! }, now);
      fps.push(fp);
      if (fp === null) break;
    }
    return fps;
  };
  const look = trusted ? createHash("sha1").update(names.join("\u0000")).update(new Uint8Array(numbers.buffer)).digest("hex") : null;
  return { ids, fingerprints, look };
}

/**
 * Each experiment folder of the runtree store at `root`, looked at before it is read (the look vouches for
 * what is read after it, as a fingerprint does: fingerprint.ts). The run.json fingerprints it took are kept,
 * so that reading a run does not take another (`FolderLook.fingerprints`).
 */
export async function lookAtFolders(root: string, now: number): Promise<Map<string, FolderLook>> {
  const looks = new Map<string, Omit<FolderLook, "unique">>();
  let folders;
  try {
    folders = readdirSync(root, { withFileTypes: true });
  } catch {
    return new Map();
  }
  for (const folder of folders.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (folder.name.startsWith(".") || !folder.isDirectory()) continue;
    const look = await lookAt(join(root, folder.name), folder.name, now);
    if (look !== null) looks.set(folder.name, look);
  }
  const owners = new Map<string, number>();
  for (const { ids } of looks.values()) for (const id of ids) owners.set(id, (owners.get(id) ?? 0) + 1);
  return new Map([...looks].map(([dir, look]) => [dir, { ...look, unique: look.ids.every((id) => owners.get(id) === 1) }]));
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
  for (const [dir, { ids, look, unique }] of looks) {
    const kept = frozenIn(previous.folders.get(dir)?.frozen);
    if (look === null || kept === null || kept.look !== look || !unique) continue;
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
  for (const [dir, { look, unique }] of input.looks) {
    const kept = input.frozen.get(dir);
    if (kept !== undefined) {
      notes.set(dir, { frozen: kept });
      continue;
    }
    const runs = byDir.get(dir) ?? [];
    const record = stored.get(dir);
    const alone = !linked.has(dir) && unique && runs.every((run) => run.status !== "RUNNING");
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
