/**
 * The iterative loop: a run is added to the store (a new trial of an existing sweep, through the library,
 * outside the timing) and the report, built before into the same folder, is rebuilt. Timed in this process
 * with the library warm, as `report --watch` runs it (a `report` command pays node's start on top). The
 * floor is reading and parsing every run.json of the store, the least any rebuild that looks at the whole
 * store must do, measured alternately with the rebuild. Each round adds its trial right before the rebuild,
 * so the sweep's experiment is always read again (its newest files are too fresh to trust: fingerprint.ts);
 * the other experiments, unchanged for longer than that, are taken over whole.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../src/index.js";
import { buildReport, type BuildResult } from "../src/report/build.js";
import { RACY_MS } from "../src/report/fingerprint.js";
import { readStoreFloor } from "./floor.js";
import { elapsed, elapsedAsync, paired, type Figure } from "./timing.js";

const RUN_ID = /^[0-9a-f]{32}$/;

/** A top-level run of the store's first experiment (a sweep in the bench store): `{ experiment, id }`. */
function firstSweep(store: string): { experiment: string; id: string } {
  for (const dir of readdirSync(store).sort()) {
    if (dir.startsWith(".")) continue;
    for (const id of readdirSync(join(store, dir)).filter((name) => RUN_ID.test(name)).sort()) {
      const run = JSON.parse(readFileSync(join(store, dir, id, "run.json"), "utf8")) as { experiment: string; parentId: string | null };
      if (run.parentId === null) return { experiment: run.experiment, id };
    }
  }
  throw new Error(`no top-level run in ${store}`);
}

export interface IncrementalFigures {
  readonly figure: Figure;
  /** The last rebuild's result, to check it was incremental and what it wrote. */
  readonly last: BuildResult;
}

/** `report` holds a report of `store` built earlier (with the default options). */
export async function benchIncremental(store: string, report: string, runs: number, reps = 5): Promise<IncrementalFigures> {
  const sweep = firstSweep(store);
  const experiment = openStore(store, { captureSource: false, fsync: false }).experiment(sweep.experiment);
  let added = 0;
  let last: BuildResult | undefined;
  const ours = async () => {
    const trial = experiment.startRun({ parent: sweep.id, name: `bench-added-${added++}`, params: { lr: 0.5 } });
    for (let step = 0; step < 20; step++) trial.logMetric("val_loss", 1 / (step + 1), { step });
    await trial.end();
    return elapsedAsync(async () => (last = await buildReport({ store, out: report })));
  };
  // The bench wrote into other experiments just before (parent end): a rebuild within RACY_MS of a write
  // cannot trust that experiment's files and reads it again. Those writes are not part of this case: let
  // them settle, then one warm-up round takes in whatever else changed since the report was built.
  await new Promise((settled) => setTimeout(settled, RACY_MS));
  const result = await paired(reps, 1, ours, () => elapsed(() => readStoreFloor(store)));
  return {
    figure: {
      what: `report rebuild after adding 1 run, ${runs.toLocaleString("en-US")} runs`,
      n: `1×${result.reps}`,
      ours: result.ours,
      floor: result.floor,
      floorWhat: "readdir 2 levels + read + JSON.parse every run.json",
    },
    last: last!,
  };
}
