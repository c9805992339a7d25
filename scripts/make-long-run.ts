/**
 * Writes one long training run (and optionally a sweep of long children) THROUGH THE LIBRARY API, for the
 * long-history bench, the browser tests of the run page's charts and anyone who wants to see a 200,000-step
 * run in the report. Deterministic given the seed: the clock is simulated and the noise is a seeded PRNG.
 *
 * The histories look like training: `loss` decays with noise and a few sharp spikes, `lr` warms up then
 * follows a cosine, `grad_norm` is noisy with its own spikes. `--diverge-at` makes every metric NaN from that
 * step on (a run that diverged), with one +Infinity just before.
 *
 * CLI: node --import tsx scripts/make-long-run.ts <dir> [--steps 200000] [--metrics loss,lr,grad_norm]
 *        [--children 0] [--child-steps 20000] [--diverge-at N] [--seed 1]
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { openStore, type Run } from "../src/index.js";
import { seededRandom } from "./seeded-random.js";

export interface LongRunOptions {
  /** Steps of the long run; default 200,000. */
  readonly steps?: number;
  /** Metric keys logged at every step; default loss, lr, grad_norm. Unknown names get a loss-like curve. */
  readonly metrics?: readonly string[];
  /** When > 0, a sweep parent with this many children of `childSteps` steps each (then no long run). */
  readonly children?: number;
  readonly childSteps?: number;
  /** Every metric is NaN from this step on, and +Infinity the step before; -1 (default) never. */
  readonly divergeAt?: number;
  readonly seed?: number;
}

export interface MadeLongRun {
  readonly root: string;
  /** The long run's id, or the sweep parent's. */
  readonly runId: string;
  readonly childIds: readonly string[];
  readonly points: number;
}

const EPOCH = Date.UTC(2024, 0, 1);

/** One metric's value at `step` of `steps`; `quality` shifts a child's curve so a sweep's curves differ. */
function valueOf(key: string, step: number, steps: number, random: () => number, quality: number): number {
  const t = step / Math.max(1, steps);
  if (key === "lr") {
    const warmup = Math.min(1, step / Math.max(1, steps * 0.02));
    return 3e-4 * warmup * (0.5 + 0.5 * Math.cos(Math.PI * t));
  }
  const spike = random() < 0.0005 ? 5 + 20 * random() : 0;
  if (key === "grad_norm") return 0.5 + 2 * Math.exp(-6 * t) + 0.3 * random() + spike;
  return quality + 2.3 * Math.exp(-8 * t) + 0.05 * random() + spike;
}

function train(run: Run, steps: number, metrics: readonly string[], options: { random: () => number; quality: number; divergeAt: number; clock: { now: number } }): number {
  for (let step = 0; step < steps; step++) {
    options.clock.now += 200 + Math.round(100 * options.random());
    const values: Record<string, number> = {};
    for (const key of metrics) {
      values[key] =
        options.divergeAt >= 0 && step >= options.divergeAt
          ? NaN
          : options.divergeAt >= 0 && step === options.divergeAt - 1
            ? Infinity
            : valueOf(key, step, steps, options.random, options.quality);
    }
    run.logMetrics(values, { step });
  }
  return steps * metrics.length;
}

/**
 * Makes the long run (or the sweep of long children) in experiment "long runs" of the store at `dir`.
 * @example await makeLongRun(tmp, { steps: 1_000_000, metrics: ["loss"] });
 */
export async function makeLongRun(dir: string, options: LongRunOptions = {}): Promise<MadeLongRun> {
  const random = seededRandom(options.seed ?? 1);
  const clock = { now: EPOCH };
  const store = openStore(dir, { clock: () => clock.now, captureSource: false, fsync: false });
  const experiment = store.experiment("long runs");
  const metrics = options.metrics ?? ["loss", "lr", "grad_norm"];
  const divergeAt = options.divergeAt ?? -1;
  const children = options.children ?? 0;
  let points = 0;
  const childIds: string[] = [];
  let runId = "";
  if (children === 0) {
    const steps = options.steps ?? 200_000;
    await experiment.run({ name: `long-${steps}`, params: { steps } }, (run) => {
      runId = run.id;
      points += train(run, steps, metrics, { random, quality: 0.1, divergeAt, clock });
    });
  } else {
    const steps = options.childSteps ?? 20_000;
    await experiment.run({ name: `sweep-${children}x${steps}`, objective: { metric: metrics[0] ?? "loss", goal: "min" } }, async (parent) => {
      runId = parent.id;
      for (let i = 0; i < children; i++) {
        const lr = Number((10 ** (-5 + 3 * random())).toPrecision(3));
        await parent.child({ name: `trial-${i}`, params: { lr } }, (run) => {
          childIds.push(run.id);
          points += train(run, steps, metrics, { random, quality: 0.05 + 0.5 * random(), divergeAt: -1, clock });
        });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
  }
  return { root: store.root, runId, childIds, points };
}

function integer(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--${flag} must be an integer, got ${JSON.stringify(value)}`);
  return n;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      steps: { type: "string" },
      metrics: { type: "string" },
      children: { type: "string" },
      "child-steps": { type: "string" },
      "diverge-at": { type: "string" },
      seed: { type: "string" },
    },
  });
  const dir = positionals[0];
  if (dir === undefined || positionals.length > 1) {
    process.stderr.write("usage: make-long-run <dir> [--steps 200000] [--metrics loss,lr,grad_norm] [--children 0] [--child-steps 20000] [--diverge-at N] [--seed 1]\n");
    return 2;
  }
  const started = process.hrtime.bigint();
  const made = await makeLongRun(dir, {
    steps: integer(values.steps, "steps", 200_000),
    ...(values.metrics !== undefined && { metrics: values.metrics.split(",").filter((key) => key !== "") }),
    children: integer(values.children, "children", 0),
    childSteps: integer(values["child-steps"], "child-steps", 20_000),
    divergeAt: integer(values["diverge-at"], "diverge-at", -1),
    seed: integer(values.seed, "seed", 1),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${made.root}: run ${made.runId}, ${made.childIds.length} children, ${made.points} metric points, ${seconds.toFixed(1)} s\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`make-long-run: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
