/**
 * Writing stays flat as the store grows: a run's whole life, and a parent ending with an objective, in an
 * experiment that already holds 100,000 runs against the same work in an empty experiment of the same store
 * (same disk, same process), repetition by repetition. Here the "floor" column is the empty experiment, so
 * the ratio is what the experiment's size costs.
 */
import { randomBytes } from "node:crypto";
import { openStore, type Experiment } from "../src/index.js";
import { elapsedAsync, paired, type Figure } from "./timing.js";

const RUNS_PER_SAMPLE = 20;
const STEPS = 20;

/** One trial as a sweep worker logs it: start, 20 steps of 3 metrics, a tag, end (durable). */
async function aRun(experiment: Experiment): Promise<number> {
  const ns = await elapsedAsync(async () => {
    for (let i = 0; i < RUNS_PER_SAMPLE; i++) {
      const run = experiment.startRun({ name: `bench-run-${i}`, params: { lr: 0.001, optimizer: "adam", batch_size: 32 }, tags: { bench: "flat" } });
      for (let step = 0; step < STEPS; step++) run.logMetrics({ loss: 1 / (step + 1), acc: step / STEPS, val_loss: 1.1 / (step + 1) }, { step });
      run.setTag("converged", "true");
      await run.end();
    }
  });
  return ns / RUNS_PER_SAMPLE;
}

/** A parent that declared an objective, with 4 ended children; only its `end()` is timed. */
async function aParentEnd(experiment: Experiment): Promise<number> {
  const parent = experiment.startRun({ name: "bench-sweep", objective: { metric: "val_loss", goal: "min" } });
  for (let i = 0; i < 4; i++) {
    const child = parent.startChild({ name: `bench-trial-${i}`, params: { lr: 10 ** -i } });
    child.logMetric("val_loss", 0.5 - i / 100);
    await child.end();
  }
  return elapsedAsync(() => parent.end());
}

/**
 * @param storeRoot a store holding the experiment `bigName` of `size` runs; an empty experiment is added
 *   beside it (and left there: the caller removes the whole store).
 */
export async function benchFlatWrites(storeRoot: string, bigName: string, size: number): Promise<Figure[]> {
  const store = openStore(storeRoot, { captureSource: false });
  const big = store.experiment(bigName);
  const empty = store.experiment(`bench-empty-${randomBytes(4).toString("hex")}`);
  const label = `${size.toLocaleString("en-US")}-run experiment`;
  const run = await paired(7, 1, () => aRun(big), () => aRun(empty));
  const end = await paired(9, 1, () => aParentEnd(big), () => aParentEnd(empty));
  return [
    {
      what: `a run (start, ${STEPS}×3 metrics, tag, end), ${label}`,
      n: `${RUNS_PER_SAMPLE}×${run.reps}`,
      ours: run.ours,
      floor: run.floor,
      floorWhat: "the same in an empty experiment",
    },
    {
      what: `parent end (objective, 4 children), ${label}`,
      n: `1×${end.reps}`,
      ours: end.ours,
      floor: end.floor,
      floorWhat: "the same in an empty experiment",
    },
  ];
}
