/**
 * The reader's memory between builds (`RunFileReuse`): an ended run's run.json whose fingerprint is the one
 * the last build recorded is not read again, its content comes from the build manifest. This is what makes
 * a rebuild of a big store cheaper than reading it: one stat per run instead of an open, a read and a parse.
 *
 * Only ended runs are kept: a running run's summary is replayed from its history on every read. An ended
 * run's history and artifacts are not written any more (the library writes them while the run runs, and
 * ending rewrites run.json), so its run.json's fingerprint stands for the whole run.
 *
 * The cached content was validated against the run schema when it was read from the store, by this same
 * runtree (the manifest's identity says so), and the manifest's checksum vouches that it is what was written:
 * it is not validated a second time.
 */
import { join } from "node:path";
import type { RunFile } from "../format/records.js";
import type { RunFileReuse } from "../reader/read-store.js";
import type { CachedRunText } from "./build-manifest.js";
import { fingerprint } from "./fingerprint.js";

/** What the manifest keeps of an ended run. */
export interface CachedRun {
  /** run.json as validated then, without its owner (a host and pid the report has no use for). */
  readonly file: RunFile;
  /** Its artifacts' relative paths as listed then; null when they were not listed (the run was not shown). */
  readonly artifacts: readonly string[] | null;
}

export interface RunFileCache extends RunFileReuse {
  /** A fingerprint of the run.json at `path` taken before anything of it was read: `recall` uses it rather than taking another. */
  taken(path: string, fp: string | null): void;
  /** The fingerprint taken before the run's file was read or recalled (null: not trusted, undefined: never asked). */
  fingerprintOf(path: string): string | null | undefined;
  /** The fingerprint of the history of a running run, taken before it was replayed. */
  historyFingerprintOf(path: string): string | null | undefined;
  /** The cached run when the file was recalled from the manifest. */
  recalled(path: string): CachedRun | undefined;
  /** What the next manifest keeps, sorted by path: every ended run whose fingerprint could vouch for it. */
  entries(artifacts: (path: string) => readonly string[] | null): Array<[string, CachedRunText]>;
}

function parseCached(json: string): CachedRun | undefined {
  try {
    const value = JSON.parse(json) as Partial<CachedRun> | null;
    const file = value?.file;
    if (typeof file !== "object" || file === null || typeof file.id !== "string" || file.status === "RUNNING") return undefined;
    return { file, artifacts: Array.isArray(value?.artifacts) ? value.artifacts : null };
  } catch {
    return undefined;
  }
}

/** `root` is the store folder; `previous` the last build's cached run at a store path (none when there is no build to trust). */
export function runFileCache(root: string, previous: (path: string) => CachedRunText | undefined, now: number): RunFileCache {
  const fps = new Map<string, string | null>();
  const histories = new Map<string, string | null>();
  const recalled = new Map<string, { run: CachedRun; json: string }>();
  const read = new Map<string, RunFile>();
  return {
    taken(path, fp) {
      fps.set(path, fp);
    },
    recall(path) {
      const fp = fps.has(path) ? fps.get(path)! : fingerprint(join(root, path), now);
      fps.set(path, fp);
      const cached = previous(path);
      if (fp === null || cached === undefined || cached.fp !== fp) return undefined;
      const run = parseCached(cached.json);
      if (run === undefined) return undefined;
      recalled.set(path, { run, json: cached.json });
      return run.file;
    },
    remember(path, file) {
      if (file.status === "RUNNING") return;
      const { owner: _owner, ...kept } = file;
      read.set(path, kept);
    },
    replaying(path) {
      histories.set(path, fingerprint(join(root, path), now));
    },
    fingerprintOf: (path) => fps.get(path),
    historyFingerprintOf: (path) => histories.get(path),
    recalled: (path) => recalled.get(path)?.run,
    entries(artifacts) {
      const out: Array<[string, CachedRunText]> = [];
      for (const path of [...recalled.keys(), ...read.keys()].sort()) {
        const fp = fps.get(path);
        if (fp === null || fp === undefined) continue;
        const known = recalled.get(path);
        const listed = artifacts(path);
        // An unchanged run's line is written back as it was read, unless its artifacts were listed since.
        if (known && (listed === null || known.run.artifacts !== null)) out.push([path, { fp, json: known.json }]);
        else out.push([path, { fp, json: JSON.stringify({ file: known?.run.file ?? read.get(path)!, artifacts: listed }) }]);
      }
      return out;
    },
  };
}
