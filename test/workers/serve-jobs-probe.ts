/**
 * A worker for test/worker-lane.test.ts: answers each job as its `kind` says (an echo, a file-system error,
 * a throw of `undefined`, an answer that cannot be cloned, a wait).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { serveJobs } from "../../src/threads/serve-jobs.ts";

serveJobs<{ readonly id: number; readonly kind: string }, object>(async (job) => {
  switch (job.kind) {
    case "fs-error":
      throw Object.assign(new Error("ENOENT: no such file, open '/nowhere'"), { code: "ENOENT", path: "/nowhere" });
    case "throw-undefined":
      throw undefined;
    case "uncloneable":
      return { f: () => 1 };
    case "slow":
      await sleep(30);
      return { echo: job.kind };
    default:
      return { echo: job.kind };
  }
});
