/**
 * MLflow's tutorial "Leveraging Child Runs in MLflow for Hyperparameter Tuning", ported to TypeScript: the
 * same three experiments, with the tutorial's run names, tags and parameter choices.
 *
 *   npx tsx examples/tune.ts [store]        (default store: $RUNTREE_DIR, else ./mlruns)
 *
 * 1. "No Child Runs": five tuning rounds of five independent runs, run twice, as the tutorial does to show
 *    how quickly flat runs pile up.
 * 2. "Nested Child Association": each round is a parent with five children, tagged `test_identifier`:
 *    "default" and "params_test_2" with the choices x/y/z and u/v/w, then "params_test_3" with b/c and d/f.
 * 3. "Parent Child Association Challenge": the tutorial's challenge, five parents of 25 children each, where
 *    each parent logs the best (lowest) metric1 of its children and the params that gave it. Declaring the
 *    `objective` makes the library record the best child (id, value, params) too, and the report shows it.
 *
 * Beyond the tutorial, each run also logs a numeric `learning_rate` and a 10-step `loss` curve, so the report
 * has a numeric axis and charts to show. Random choices come from a seeded generator, so every run of this
 * script logs the same values.
 */
import { openStore, type Run } from "runtree";

const store = openStore(process.argv[2]);
const random = seeded(42);

interface Trial {
  readonly metric1: number;
  readonly param1: string;
  readonly param2: string;
}

/** The tutorial's `log_run` body: params from the choices, metric1 and metric2, the round's tag. */
function logRun(run: Run, param1Choices: readonly string[], param2Choices: readonly string[], tag?: string): Trial {
  const param1 = pick(param1Choices);
  const param2 = pick(param2Choices);
  // Stands in for training: metric1 depends a little on param1, so the sweep charts have something to show.
  const metric1 = round(0.1 * ("abcdefuvwxyz".indexOf(param1) / 12) + 0.9 * random());
  run.logParams({ param1, param2, learning_rate: Number((0.001 * (1 + Math.floor(random() * 100))).toFixed(3)) });
  run.logMetrics({ metric1, metric2: round(Math.abs(gauss(5, 2.5))) });
  for (let step = 0; step < 10; step++) run.logMetric("loss", round(metric1 + 1 / (step + 1)), { step });
  if (tag !== undefined) run.setTag("test_identifier", tag);
  return { metric1, param1, param2 };
}

/** The tutorial's run names: `run_<i>_test_<test_no>`. */
function runName(i: number, testNo: number): string {
  return `run_${i}_test_${testNo}`;
}

// 1. Without child runs: run_<i>_test_<n>, five per round, five rounds, and the whole thing once more.
const flat = store.experiment("No Child Runs");
for (let again = 0; again < 2; again++) {
  for (let testNo = 0; testNo < 5; testNo++) {
    for (let i = 0; i < 5; i++) {
      await flat.run({ name: runName(i, testNo) }, (run) => logRun(run, ["a", "b", "c"], ["d", "e", "f"]));
    }
  }
}

// 2. Child runs: parent_run_test_<ident>_<n>, its children run_<i>_test_<n>, all tagged with the round.
const nested = store.experiment("Nested Child Association");
const rounds = [
  { ident: "default", param1: ["x", "y", "z"], param2: ["u", "v", "w"] },
  { ident: "params_test_2", param1: ["x", "y", "z"], param2: ["u", "v", "w"] },
  { ident: "params_test_3", param1: ["b", "c"], param2: ["d", "f"] },
];
for (const { ident, param1, param2 } of rounds) {
  for (let testNo = 0; testNo < 5; testNo++) {
    await nested.run({ name: `parent_run_test_${ident}_${testNo}`, tags: { test_identifier: ident } }, async (parent) => {
      for (let i = 0; i < 5; i++) await parent.child({ name: runName(i, testNo) }, (child) => logRun(child, param1, param2, ident));
    });
  }
}

// 3. The challenge: each parent records its best child's metric1 and params (25 children per parent).
const challenge = store.experiment("Parent Child Association Challenge");
for (let testNo = 0; testNo < 5; testNo++) {
  const ident = "subset_test";
  await challenge.run(
    { name: `parent_run_test_${ident}_${testNo}`, tags: { test_identifier: ident }, objective: { metric: "metric1", goal: "min" } },
    async (parent) => {
      let best: Trial | undefined;
      for (let i = 0; i < 25; i++) {
        const trial = await parent.child({ name: runName(i, testNo) }, (child) => logRun(child, ["a", "b"], ["d", "f"], ident));
        if (best === undefined || trial.metric1 < best.metric1) best = trial;
      }
      if (best) {
        parent.logMetric("best_metric1", best.metric1);
        parent.logParams({ best_param1: best.param1, best_param2: best.param2 });
      }
    },
  );
}

const round2 = await store.searchRuns({ filter: "tags.test_identifier = 'params_test_2'" });
console.log(`logged into ${store.root}; ${round2.length} runs carry test_identifier = 'params_test_2'`);

function pick<T>(choices: readonly T[]): T {
  return choices[Math.floor(random() * choices.length)]!;
}

function round(value: number): number {
  return Number(value.toFixed(4));
}

/** A normal deviate (Box–Muller), for the tutorial's `random.gauss`. */
function gauss(mean: number, sigma: number): number {
  const u = 1 - random();
  return mean + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** mulberry32: a tiny seeded PRNG, so the example logs the same values every time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
