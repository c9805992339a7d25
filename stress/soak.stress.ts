/**
 * `npm run stress`: the soak of `npm test` at the figures. Each case has a time bound and stops by
 * itself; a worker still alive at the end is killed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { churnRuns, soakOneRun } from "../test/cases/soak.js";
import { stopAllWorkers } from "../test/workers/worker-process.js";

const temps: string[] = [];
after(() => {
  stopAllWorkers();
  temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function tempStorePath(): string {
  const root = mkdtempSync(join(tmpdir(), "runtree-stress-"));
  temps.push(root);
  return join(root, "mlruns");
}

test("one run logging 1,000,000 points at full speed keeps the writer's RSS flat (peak printed), and its history is valid", { timeout: 600_000 }, async () => {
  await soakOneRun(tempStorePath(), 1_000_000);
});

test("10,000 runs opened and ended in one process leak no file descriptor and no signal or exit listener", { timeout: 600_000 }, async () => {
  await churnRuns(tempStorePath(), 10_000);
});
