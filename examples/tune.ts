/**
 * MLflow's "parent and child runs" hyperparameter-tuning tutorial, ported to TypeScript.
 *
 *   npx tsx examples/tune.ts [store]        (default store: $RUNTREE_DIR, else ./mlruns)
 *
 * Three experiments: plain runs without children, parents with nested children, and the "challenge"
 * where each parent records its best child's metric and params — done by the library through `objective`.
 * Random choices come from a seeded generator, so every run of this script logs the same values.
 */
import { openStore, type Run } from "runtree";

const store = openStore(process.argv[2]);
const random = seeded(42);
const param1Choices = ["a", "b", "c", "d", "e", "f", "x"];
const param2Choices = ["u", "v", "w"];

/** Stand-in for training: a metric that depends on the params, plus noise. */
function train(run: Run, testIdentifier: string): number {
  const param1 = pick(param1Choices);
  const param2 = pick(param2Choices);
  run.logParams({ param1, param2, learning_rate: Number((0.001 * (1 + Math.floor(random() * 100))).toFixed(3)) });
  const metric1 = round(0.1 + 0.1 * param1Choices.indexOf(param1) / param1Choices.length + 0.8 * random());
  for (let step = 0; step < 10; step++) run.logMetric("loss", round(metric1 + 1 / (step + 1)), { step });
  run.logMetric("metric1", metric1);
  run.setTag("test_identifier", testIdentifier);
  return metric1;
}

// 1. No child runs: five independent runs.
const flat = store.experiment("No Child Runs");
for (let i = 0; i < 5; i++) {
  await flat.run({ name: `run_${i}`, tags: { test_identifier: "default" } }, (run) => train(run, "default"));
}

// 2. Nested child association: three tuning rounds of five parents, each with five children.
const nested = store.experiment("Nested Child Association");
for (const testIdentifier of ["default", "params_test_1", "params_test_2"]) {
  for (let i = 0; i < 5; i++) {
    await nested.run({ name: `parent_run_test_${testIdentifier}_${i}`, tags: { test_identifier: testIdentifier } }, async (parent) => {
      for (let j = 0; j < 5; j++) {
        await parent.child({ name: `run_${i}_test_${j}` }, (child) => train(child, testIdentifier));
      }
    });
  }
}

// 3. The challenge: each parent records its best child (lowest metric1) and that child's params.
const challenge = store.experiment("Hyperparameter Tuning Challenge");
for (let i = 0; i < 3; i++) {
  await challenge.run(
    { name: `sweep_${i}`, tags: { test_identifier: "challenge" }, objective: { metric: "metric1", goal: "min" } },
    async (parent) => {
      let best = Infinity;
      for (let j = 0; j < 25; j++) {
        best = Math.min(best, await parent.child({ name: `trial_${i}_${j}` }, (child) => train(child, "challenge")));
      }
      parent.logMetric("best_metric1", best);
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
