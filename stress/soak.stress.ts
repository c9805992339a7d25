/**
 * `npm run stress`: the soak of `npm test` at the figures. Each case has a time bound and stops by
 * itself; a worker still alive at the end is killed.
 */
import { test } from "node:test";
import { churnRuns, soakOneRun } from "../test/cases/soak.js";
import { tempStores } from "../test/workers/temp-stores.js";

const tempStorePath = tempStores("runtree-stress-");

test("one run logging 1,000,000 points at full speed keeps what the writer holds (heap and RSS) flat (peak printed), and its history is valid", { timeout: 600_000 }, async () => {
  await soakOneRun(tempStorePath(), 1_000_000);
});

test("10,000 runs opened and ended in one process leak no file descriptor and no signal or exit listener", { timeout: 600_000 }, async () => {
  await churnRuns(tempStorePath(), 10_000);
});
