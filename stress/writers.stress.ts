/**
 * `npm run stress`: the writer races and kills of `npm test` at the figures. Each case has a time
 * bound and stops by itself; every worker still alive at the end is killed.
 */
import { describe, test } from "node:test";
import { raceChildrenOfOneParent, raceExperiments } from "../test/cases/concurrent-writers.js";
import { killAtRandom } from "../test/cases/killed-writers.js";
import { tempStores } from "../test/workers/temp-stores.js";

const tempStorePath = tempStores("runtree-stress-");

test("8 processes create one experiment at once and add 250 children each (20 steps, params) to a parent another process holds: 2,000 children, all valid", { timeout: 600_000 }, async () => {
  await raceChildrenOfOneParent({ storePath: tempStorePath(), writers: 8, childrenEach: 250, steps: 20 });
});

test("4 processes create 50 experiments each at once, half the names shared: one valid folder per name", { timeout: 300_000 }, async () => {
  await raceExperiments({ storePath: tempStorePath(), processes: 4, each: 50 });
});

describe("20 SIGKILLs at random moments into one store: nothing acknowledged is lost, the store stays readable", { timeout: 600_000 }, () => {
  const storePath = tempStorePath();
  for (let i = 0; i < 20; i++) {
    const mode = i % 3 === 2 ? "log-forever" : "sweep";
    test(`kill ${i + 1} of 20 (${mode})`, { timeout: 120_000 }, async () => {
      await killAtRandom({ storePath, mode });
    });
  }
});
