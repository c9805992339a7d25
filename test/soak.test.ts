import assert from "node:assert/strict";
import { test } from "node:test";
import { churnRuns, HEAP_GROWTH_BOUND, logPoints, soakOneRun } from "./cases/soak.js";
import { tempStores } from "./workers/temp-stores.js";

// The small versions of the soak; `npm run stress` runs them at 1,000,000 points and 10,000 runs.
const tempStorePath = tempStores("runtree-soak-");

test("one run logging 100,000 points at full speed keeps what the writer holds (heap and RSS) flat, and every line of its history is valid", { timeout: 120_000 }, async () => {
  await soakOneRun(tempStorePath(), 100_000);
});

test("the soak's measure catches a leak of one small object per point", { timeout: 120_000 }, async () => {
  const { heapGrowth } = await logPoints(tempStorePath(), 100_000, true);
  assert.ok(heapGrowth > 2 * HEAP_GROWTH_BOUND, `a leaking writer's heap grew by ${heapGrowth} bytes over the last half`);
});

test("1,000 runs opened and ended in one process (end, FAILED, scoped, a child, a scope that throws) leak no file descriptor and no signal or exit listener", { timeout: 120_000 }, async () => {
  await churnRuns(tempStorePath(), 1_000);
});
