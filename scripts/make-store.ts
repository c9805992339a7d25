/**
 * Writes a synthetic but realistic store THROUGH THE LIBRARY API, for benchmarks, report tests and browser
 * tests: hyper-parameter sweeps (parents with an objective) whose trials log params, tags and step histories,
 * some of which diverge to NaN and fail. Deterministic given the seed: the clock is simulated (it advances
 * as training "takes time"), the randomness is a seeded PRNG and no source info is captured. The one thing
 * this script cannot pin is the random tail of each run id, which the library draws itself.
 *
 * CLI: node --import tsx scripts/make-store.ts <dir> --parents 2000 --children 4
 *        [--grandchildren 0] [--steps 20] [--experiments 1] [--seed 1] [--progress]
 * Progress (runs written, runs per second over the last stretch) goes to stderr when it is a terminal or
 * with --progress.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { openStore, type Run } from "../src/index.js";
import { seededRandom } from "./seeded-random.js";

export interface MakeStoreOptions {
  /** Sweeps (top-level runs) in total, spread round-robin over the experiments. */
  readonly parents: number;
  /** Trials per sweep; default 4. */
  readonly children?: number;
  /** Cross-validation folds per trial; default 0 (a trial with folds declares an objective too). */
  readonly grandchildren?: number;
  /** Metric steps per training run; default 20. */
  readonly steps?: number;
  /** Number of experiments; default 1. */
  readonly experiments?: number;
  /** PRNG seed; the same seed gives the same store (but for the random tail of run ids). */
  readonly seed?: number;
  /** Called after each sweep with the number of runs written so far. */
  readonly onProgress?: (runs: number) => void;
}

export interface MadeStore {
  readonly root: string;
  /** Experiment names, in creation order. */
  readonly experiments: readonly string[];
  readonly runs: number;
  readonly metricPoints: number;
}

/** The simulated epoch: 2024-01-01T00:00:00Z. */
const EPOCH = Date.UTC(2024, 0, 1);
/** Realistic names, some of which are not slugs (so they get a hashed directory). */
const EXPERIMENT_NAMES = ["mnist-mlp", "CIFAR-10 ResNet", "sentiment/bert-base", "Tabular: churn", "speech.ctc"] as const;
const OPTIMIZERS = ["adam", "adamw", "sgd", "rmsprop"] as const;
const BATCH_SIZES = [16, 32, 64, 128, 256] as const;
const MODELS = ["mlp", "cnn", "resnet18", "transformer"] as const;
const TEAMS = ["vision", "nlp", "platform"] as const;

/** Run count of a store made with these options (parents × (1 + children × (1 + grandchildren))). */
export function runCount(options: MakeStoreOptions): number {
  const children = options.children ?? 4;
  return options.parents * (1 + children * (1 + (options.grandchildren ?? 0)));
}

/**
 * Creates (or adds to) the store at `dir`.
 * @example
 * await makeStore(tmp, { parents: 2000, children: 4 }); // 10,000 runs
 */
export async function makeStore(dir: string, options: MakeStoreOptions): Promise<MadeStore> {
  const children = options.children ?? 4;
  const folds = options.grandchildren ?? 0;
  const steps = options.steps ?? 20;
  const experimentCount = Math.max(1, options.experiments ?? 1);
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let now = EPOCH;
  const advance = (ms: number) => (now += Math.max(1, Math.round(ms)));
  const store = openStore(dir, { clock: () => now, captureSource: false, fsync: false });
  const names = Array.from({ length: experimentCount }, (_, i) => {
    const base = EXPERIMENT_NAMES[i % EXPERIMENT_NAMES.length] ?? "experiment";
    return i < EXPERIMENT_NAMES.length ? base : `${base} #${Math.floor(i / EXPERIMENT_NAMES.length) + 1}`;
  });
  const experiments = names.map((name) => store.experiment(name));
  let metricPoints = 0;

  /** Simulated training: the closer lr is to 1e-3 and the smaller the dropout, the lower the loss. */
  const train = (run: Run, params: { lr: number; dropout: number }): boolean => {
    const quality = Math.abs(Math.log10(params.lr) + 3) + params.dropout;
    const floor = 0.05 + 0.3 * quality + 0.05 * random();
    const speed = 0.1 + 0.3 * random();
    const divergeAt = random() < 0.03 ? Math.floor(random() * steps) : -1;
    for (let step = 0; step < steps; step++) {
      advance(1000 + 2000 * random());
      const diverged = divergeAt >= 0 && step >= divergeAt;
      const loss = diverged ? NaN : floor + 2.3 * Math.exp(-speed * step) + 0.02 * random();
      const valLoss = diverged ? NaN : loss * (1.05 + 0.1 * random());
      const acc = diverged ? NaN : Math.min(1, Math.max(0, 1 - loss / 2.4 + 0.01 * random()));
      run.logMetrics({ loss, acc, val_loss: valLoss }, { step });
      metricPoints += 3;
    }
    return divergeAt < 0;
  };

  const trial = async (sweep: Run, index: number, model: string) => {
    const params = {
      lr: Number((10 ** (-5 + 4 * random())).toPrecision(3)),
      optimizer: pick(OPTIMIZERS),
      batch_size: pick(BATCH_SIZES),
      dropout: Math.round(50 * random()) / 100,
    };
    advance(500 + 1000 * random());
    const objective = folds > 0 ? { objective: { metric: "val_loss", goal: "min" } as const } : {};
    await sweep.child({ name: `${sweep.name}/trial-${index}`, params, tags: { trial: String(index), model }, ...objective }, async (run) => {
      for (let fold = 0; fold < folds; fold++) {
        advance(200 + 500 * random());
        await run.child({ name: `${run.name}/fold-${fold}`, params: { fold }, tags: { fold: String(fold) } }, (cv) => {
          if (!train(cv, params)) throw new DivergedError();
        }).catch(ignoreDivergence);
      }
      const converged = train(run, params);
      run.setTag("converged", String(converged));
      if (!converged) throw new DivergedError();
    }).catch(ignoreDivergence);
  };

  for (let i = 0; i < options.parents; i++) {
    const experiment = experiments[i % experiments.length]!;
    const model = pick(MODELS);
    advance(60_000 + 600_000 * random());
    await experiment.run(
      {
        name: `sweep-${String(i).padStart(5, "0")}`,
        params: { model, epochs: steps, search: "random", trials: children },
        tags: { team: pick(TEAMS), sweep: `s${i}` },
        objective: { metric: "val_loss", goal: "min" },
      },
      async (sweep) => {
        for (let j = 0; j < children; j++) await trial(sweep, j, model);
        advance(1000);
      },
    );
    options.onProgress?.(runCount({ ...options, parents: i + 1 }));
    // Every call above is synchronous, so this loop never reaches the event loop on its own. Yield once per
    // sweep: otherwise SIGINT/SIGTERM are never handled, and the signal handles write-file-atomic opens and
    // closes on every write (~40 per run) are never freed (≈7 KB per run, 1.4 GB at 48,000 runs).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { root: store.root, experiments: names, runs: runCount(options), metricPoints };
}

/** A trial that diverged: the scoped run ends FAILED, and the sweep goes on. */
class DivergedError extends Error {
  override name = "DivergedError";
}

function ignoreDivergence(error: unknown): void {
  if (!(error instanceof DivergedError)) throw error;
}

function integer(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = ["parents", "children", "grandchildren", "steps", "experiments", "seed"] as const;
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...(Object.fromEntries(flags.map((flag) => [flag, { type: "string" }])) as Record<(typeof flags)[number], { type: "string" }>),
      progress: { type: "boolean", default: false },
    },
  });
  const dir = positionals[0];
  if (dir === undefined || positionals.length > 1) {
    process.stderr.write("usage: make-store <dir> --parents N [--children 4] [--grandchildren 0] [--steps 20] [--experiments 1] [--seed 1] [--progress]\n");
    return 2;
  }
  const options: MakeStoreOptions = {
    parents: integer(values.parents, "parents", 2000),
    children: integer(values.children, "children", 4),
    grandchildren: integer(values.grandchildren, "grandchildren", 0),
    steps: integer(values.steps, "steps", 20),
    experiments: integer(values.experiments, "experiments", 1),
    seed: integer(values.seed, "seed", 1),
  };
  const started = process.hrtime.bigint();
  const total = runCount(options);
  let last = { runs: 0, at: started };
  const onProgress = (runs: number) => {
    const at = process.hrtime.bigint();
    if (runs - last.runs < total / 20 && runs !== total) return;
    const rate = ((runs - last.runs) * 1e9) / Number(at - last.at);
    process.stderr.write(`make-store: ${runs}/${total} runs, ${(Number(at - started) / 1e9).toFixed(0)} s, ${rate.toFixed(0)} runs/s lately\n`);
    last = { runs, at };
  };
  const made = await makeStore(dir, { ...options, ...((values.progress || process.stderr.isTTY) && { onProgress }) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    `${made.root}: ${made.runs} runs in ${made.experiments.length} experiment(s), ${made.metricPoints} metric points, ` +
      `${seconds.toFixed(1)} s (${((seconds * 1e6) / Math.max(1, made.runs)).toFixed(0)} µs/run)\n`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`make-store: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
