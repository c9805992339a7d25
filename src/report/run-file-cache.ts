/**
 * The reader's memory between builds (`RunFileReuse`): an ended run's run.json whose fingerprint is the one
 * the last build recorded is not read again, its validated content comes from the build manifest. This is
 * what makes a rebuild of a big store cheaper than reading it: one stat per run instead of an open, a read
 * and a parse.
 *
 * Only ended runs are kept: a running run's summary is replayed from its history on every read. An ended
 * run's history and artifacts are not written any more (the library writes them while the run runs, and
 * ending rewrites run.json), so its run.json's fingerprint stands for the whole run.
 */
import { join } from "node:path";
import { isRunFile } from "../format/schema.js";
import type { RunFile } from "../format/records.js";
import type { RunFileReuse } from "../reader/read-store.js";
import type { CachedRun } from "./build-manifest.js";
import { fingerprint } from "./fingerprint.js";

export interface RunFileCache extends RunFileReuse {
  /** The fingerprint taken before the run's file was read or recalled (null: not trusted, undefined: never asked). */
  fingerprintOf(path: string): string | null | undefined;
  /** The fingerprint of the history of a running run, taken before it was replayed. */
  historyFingerprintOf(path: string): string | null | undefined;
  /** The cached entry when the file was recalled from it. */
  recalled(path: string): CachedRun | undefined;
  /** What the next manifest keeps: every ended run whose fingerprint could vouch for it. */
  entries(artifacts: (path: string) => readonly string[] | null): Record<string, CachedRun>;
}

/** `root` is the store folder; `previous` the last build's cache (empty when there is none to trust). */
export function runFileCache(root: string, previous: Readonly<Record<string, CachedRun>>, now: number): RunFileCache {
  const fps = new Map<string, string | null>();
  const histories = new Map<string, string | null>();
  const recalled = new Map<string, CachedRun>();
  const read = new Map<string, RunFile>();
  return {
    recall(path) {
      const fp = fingerprint(join(root, path), now);
      fps.set(path, fp);
      const cached = Object.hasOwn(previous, path) ? previous[path] : undefined;
      if (fp === null || cached === undefined || cached.fp !== fp) return undefined;
      // The manifest is data from disk: its copy must pass the schema as the file did.
      if (!isRunFile(cached.file) || cached.file.status === "RUNNING") return undefined;
      recalled.set(path, cached);
      return cached.file;
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
    recalled: (path) => recalled.get(path),
    entries(artifacts) {
      const out: Record<string, CachedRun> = {};
      const paths = [...recalled.keys(), ...read.keys()].sort();
      for (const path of paths) {
        const fp = fps.get(path);
        if (fp === null || fp === undefined) continue;
        const file = recalled.get(path)?.file ?? read.get(path)!;
        out[path] = { fp, file, artifacts: artifacts(path) };
      }
      return out;
    },
  };
}
