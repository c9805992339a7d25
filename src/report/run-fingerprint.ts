/**
 * A run's fingerprint for the page keys (page-keys.ts): what its files looked like when the build read them.
 * An ended run is its run.json (see run-file-cache.ts for why that is enough). A running run is also its
 * history as it was before the reader replayed it, its artifacts, and whether its process is still alive
 * (an abandoned run shows as such without any file changing). A run read from a store whose files we do not
 * fingerprint (MLflow's layout) has none, and its pages are always made.
 */
import { join } from "node:path";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../format/records.js";
import { combine, fingerprint } from "./fingerprint.js";
import type { RunFingerprint } from "./page-keys.js";
import type { RunFileCache } from "./run-file-cache.js";

/** Store path of a run's run.json, as the reader names it. */
export function runFilePath(run: Pick<RunRecord, "experimentDir" | "id">): string {
  return `${run.experimentDir}/${run.id}/${FILE.run}`;
}

/**
 * Fingerprints of the runs `cache` saw; `artifacts` lists a run's artifact paths. Artifacts of running runs
 * are looked at here, once per run, before the build copies them.
 */
export function runFingerprints(
  cache: RunFileCache,
  artifacts: ReadonlyMap<string, readonly string[]>,
  now: number,
): RunFingerprint {
  const memo = new Map<string, string | null>();
  return (run) => {
    let fp = memo.get(run.id);
    if (fp !== undefined) return fp;
    const file = cache.fingerprintOf(runFilePath(run)) ?? null;
    if (file === null || run.status !== "RUNNING") fp = file;
    else {
      const history = cache.historyFingerprintOf(`${run.experimentDir}/${run.id}/${FILE.metrics}`) ?? null;
      const files = (artifacts.get(run.id) ?? []).map((path) => fingerprint(join(run.dir, FILE.artifacts, path), now));
      fp = combine([file, history, run.abandoned ? "abandoned" : "alive", ...files]);
    }
    memo.set(run.id, fp);
    return fp;
  };
}
