/**
 * Search at scale from a cold process: `runtree search` as a user runs it (a fresh node on the built CLI,
 * `bin/runtree.js`), against the floor: a fresh node running `search-floor.mjs`, which only lists the store
 * and reads and JSON.parses every experiment.json and run.json. Both are timed from spawn to exit (node's
 * own start included on both sides), alternating, median of `reps`.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { now, median, type Figure } from "./timing.js";

const CLI = fileURLToPath(new URL("../bin/runtree.js", import.meta.url));
const FLOOR = fileURLToPath(new URL("./search-floor.mjs", import.meta.url));

/** A selective filter of the kind users type, and the case where every run matches (only 10 are printed). */
export const SEARCHES = [
  { label: "a filter", args: ["params.optimizer = 'adam' and metrics.val_loss < 0.2"] },
  { label: "no filter, --max 10", args: ["--max", "10"] },
] as const;

/** Nanoseconds from spawn to exit of `node <args>`, and its stdout; throws when it fails. */
export function timed(args: readonly string[]): { ns: number; stdout: string } {
  const start = now();
  const result = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const ns = now() - start;
  if (result.status !== 0) throw new Error(`bench: node ${args.join(" ")} failed (exit ${result.status}): ${result.stderr.slice(0, 300)}`);
  return { ns, stdout: result.stdout };
}

export function benchColdSearch(store: string, runs: number, reps: number): Figure[] {
  const floor: number[] = [];
  const ours: number[][] = SEARCHES.map(() => []);
  const matched: string[] = SEARCHES.map(() => "");
  for (let rep = 0; rep < reps; rep++) {
    const raw = timed([FLOOR, store]);
    const seen = (JSON.parse(raw.stdout) as { runs: number }).runs;
    if (seen !== runs) throw new Error(`bench: the search floor read ${seen} runs, expected ${runs}`);
    floor.push(raw.ns);
    SEARCHES.forEach((search, i) => {
      const result = timed([CLI, "search", store, ...search.args]);
      ours[i]!.push(result.ns);
      matched[i] = /\((\d+) runs?\)\s*$/.exec(result.stdout)?.[1] ?? "?";
    });
  }
  return SEARCHES.map((search, i) => ({
    what: `runtree search, ${runs.toLocaleString("en-US")} runs, cold process, ${search.label} (${matched[i]} printed)`,
    n: `1×${reps}`,
    ours: median(ours[i]!),
    floor: median(floor),
    floorWhat: "cold node: readdir + read + JSON.parse of every run.json",
  }));
}
