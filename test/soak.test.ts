import { test } from "node:test";
import { churnRuns, soakOneRun } from "./cases/soak.js";
import { tempStores } from "./workers/temp-stores.js";

// The small versions of the soak; `npm run stress` runs them at 1,000,000 points and 10,000 runs.
const tempStorePath = tempStores("runtree-soak-");

test("one run logging 100,000 points at full speed keeps the writer's RSS flat, and every line of its history is valid", { timeout: 120_000 }, async () => {
  await soakOneRun(tempStorePath(), 100_000);
});

test("1,000 runs opened and ended in one process (end, FAILED, scoped, a child, a scope that throws) leak no file descriptor and no signal or exit listener", { timeout: 120_000 }, async () => {
  await churnRuns(tempStorePath(), 1_000);
});
