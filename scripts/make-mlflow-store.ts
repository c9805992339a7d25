/**
 * Writes a synthetic MLflow file store (the `mlruns/` layout MLflow's FileStore writes: see DESIGN.md §7)
 * straight to disk, for benchmarks: hyper-parameter sweeps whose trials log params and step metrics, the
 * shape MLflow users arrive with. Going through MLflow itself (or our exporter) would take minutes for
 * 10,000 runs; writing the files takes seconds. About ten small files per run: meta.yaml, 3 params, 2
 * metrics of `--steps` lines, 4 tags for a trial (run name, parent, user, source); a little less for a sweep.
 * Deterministic given the seed, run ids included.
 *
 * CLI: node --import tsx scripts/make-mlflow-store.ts <dir> [--parents 2000] [--children 4] [--steps 20]
 *        [--experiments 1] [--seed 1]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { formatMetaYaml } from "../src/mlflow/format-meta-yaml.js";
import { formatMetricLine } from "../src/mlflow/metric-file.js";
import { seededRandom } from "./seeded-random.js";

export interface MakeMlflowStoreOptions {
  /** Sweeps (top-level runs), spread round-robin over the experiments. */
  readonly parents: number;
  /** Trials per sweep; default 4. */
  readonly children?: number;
  /** Lines per metric file of a trial; default 20. */
  readonly steps?: number;
  /** Experiments besides MLflow's "Default" (id 0, left empty); default 1. */
  readonly experiments?: number;
  readonly seed?: number;
}

export interface MadeMlflowStore {
  readonly root: string;
  readonly runs: number;
  /** Files written (meta.yaml, params, tags and metrics). */
  readonly files: number;
}

/** The simulated epoch: 2024-01-01T00:00:00Z. */
const EPOCH = Date.UTC(2024, 0, 1);
const OPTIMIZERS = ["adam", "adamw", "sgd", "rmsprop"] as const;

/**
 * Creates the store at `dir` (which should be missing or empty).
 * @example makeMlflowStore(tmp, { parents: 2000 }); // 10,000 runs, ~96,000 files
 */
export function makeMlflowStore(dir: string, options: MakeMlflowStoreOptions): MadeMlflowStore {
  const root = resolve(dir);
  const children = options.children ?? 4;
  const steps = options.steps ?? 20;
  const experimentCount = Math.max(1, options.experiments ?? 1);
  const random = seededRandom(options.seed ?? 1);
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");
  let now = EPOCH;
  let files = 0;
  const write = (path: string, content: string) => {
    writeFileSync(path, content);
    files++;
  };
  const writeExperiment = (id: string, name: string) => {
    mkdirSync(join(root, id), { recursive: true });
    const location = pathToFileURL(join(root, id)).href;
    const fields = { artifact_location: location, creation_time: EPOCH, experiment_id: id, last_update_time: EPOCH, lifecycle_stage: "active", name };
    write(join(root, id, "meta.yaml"), formatMetaYaml(fields));
  };
  writeExperiment("0", "Default");
  const experimentIds = Array.from({ length: experimentCount }, (_, i) => String(100_000_000 + i));
  experimentIds.forEach((id, i) => writeExperiment(id, `sweeps-${i + 1}`));

  const writeRun = (experimentId: string, run: { id: string; name: string; start: number; end: number; status: number }, data: {
    params: Record<string, string>;
    tags: Record<string, string>;
    metrics: Record<string, string>;
  }) => {
    const runDir = join(root, experimentId, run.id);
    for (const folder of ["params", "tags", "metrics"]) mkdirSync(join(runDir, folder), { recursive: true });
    write(
      join(runDir, "meta.yaml"),
      formatMetaYaml({
        artifact_uri: pathToFileURL(join(runDir, "artifacts")).href,
        end_time: run.end,
        entry_point_name: "",
        experiment_id: experimentId,
        lifecycle_stage: "active",
        run_id: run.id,
        run_name: run.name,
        source_name: "",
        source_type: 4,
        source_version: "",
        start_time: run.start,
        status: run.status,
        tags: [],
        user_id: "bench",
      }),
    );
    for (const [kind, values] of Object.entries(data)) for (const [key, value] of Object.entries(values)) write(join(runDir, kind, key), value);
  };

  let runs = 0;
  for (let i = 0; i < options.parents; i++) {
    const experimentId = experimentIds[i % experimentIds.length]!;
    const parent = { id: hex(32), name: `sweep-${String(i).padStart(5, "0")}`, start: (now += 60_000), end: 0, status: 3 };
    let best = Infinity;
    const trials: string[] = [];
    for (let j = 0; j < children; j++) {
      const lr = Number((10 ** (-5 + 4 * random())).toPrecision(3));
      const trial = { id: hex(32), name: `${parent.name}/trial-${j}`, start: (now += 1000), end: 0, status: 3 };
      const floor = 0.05 + 0.3 * Math.abs(Math.log10(lr) + 3) + 0.05 * random();
      let loss = "";
      let valLoss = "";
      for (let step = 0; step < steps; step++) {
        const value = floor + 2.3 * Math.exp(-0.2 * step) + 0.02 * random();
        const at = (now += 1000 + Math.floor(2000 * random()));
        loss += formatMetricLine({ timestamp: at, value, step });
        valLoss += formatMetricLine({ timestamp: at, value: value * (1.05 + 0.1 * random()), step });
        best = Math.min(best, value);
      }
      trial.end = now;
      writeRun(experimentId, trial, {
        params: { lr: String(lr), optimizer: OPTIMIZERS[Math.floor(random() * OPTIMIZERS.length)]!, batch_size: String(2 ** (4 + Math.floor(random() * 5))) },
        tags: { "mlflow.runName": trial.name, "mlflow.parentRunId": parent.id, "mlflow.user": "bench", "mlflow.source.name": "sweep.py" },
        metrics: { loss, val_loss: valLoss },
      });
      trials.push(trial.id);
    }
    parent.end = now += 1000;
    writeRun(experimentId, parent, {
      params: { model: "mlp", trials: String(children), search: "random" },
      tags: { "mlflow.runName": parent.name, "mlflow.user": "bench", "mlflow.source.name": "sweep.py" },
      metrics: { best_loss: formatMetricLine({ timestamp: now, value: best, step: 0 }) },
    });
    runs += 1 + trials.length;
  }
  return { root, runs, files };
}

function main(argv: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: Object.fromEntries(["parents", "children", "steps", "experiments", "seed"].map((flag) => [flag, { type: "string" as const }])),
  });
  const dir = positionals[0];
  if (dir === undefined || positionals.length > 1) {
    process.stderr.write("usage: make-mlflow-store <dir> [--parents 2000] [--children 4] [--steps 20] [--experiments 1] [--seed 1]\n");
    return 2;
  }
  const number = (flag: string, fallback: number) => {
    const value = values[flag];
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a non-negative integer, got ${JSON.stringify(value)}`);
    return n;
  };
  const started = process.hrtime.bigint();
  const made = makeMlflowStore(dir, {
    parents: number("parents", 2000),
    children: number("children", 4),
    steps: number("steps", 20),
    experiments: number("experiments", 1),
    seed: number("seed", 1),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${made.root}: ${made.runs} runs, ${made.files} files, ${seconds.toFixed(1)} s\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`make-mlflow-store: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
