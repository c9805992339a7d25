/**
 * A worker thread as a lane (threads/worker-lane.ts and serve-jobs.ts): one answer per job, in order; a job
 * that fails there fails here with what it threw, whatever it threw, and the next job is still answered; a
 * worker that cannot start fails every job with LaneDown, which tells a caller it may do the job itself.
 */
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { describe, test } from "node:test";
import { LaneDown, startWorker, workerLane } from "../src/threads/worker-lane.ts";

type Job = { readonly id: number; readonly kind: string };

describe("a worker thread as a lane", () => {
  test("every job gets its one answer, failures included, and a failure never holds up the next job", async () => {
    const lane = workerLane<Job, { echo: string }>(startWorker(import.meta.url, "workers/serve-jobs-probe", null));
    try {
      const kinds = ["slow", "fs-error", "throw-undefined", "uncloneable", "last"];
      const answers = await Promise.allSettled(kinds.map((kind, id) => lane.submit({ id, kind })));
      assert.deepEqual(answers[0], { status: "fulfilled", value: { echo: "slow", id: 0 } });
      const fs = answers[1] as PromiseRejectedResult;
      assert.equal(fs.reason.message, "ENOENT: no such file, open '/nowhere'");
      assert.deepEqual([fs.reason.code, fs.reason.path], ["ENOENT", "/nowhere"]);
      assert.ok(!(fs.reason instanceof LaneDown), "the job's own error, not a lane down");
      assert.equal((answers[2] as PromiseRejectedResult).reason.message, "undefined");
      assert.match((answers[3] as PromiseRejectedResult).reason.message, /could not be cloned/);
      assert.deepEqual(answers[4], { status: "fulfilled", value: { echo: "last", id: 4 } });
    } finally {
      await lane.close();
    }
  });

  test("a worker that cannot start fails its jobs with LaneDown, those waiting and those to come", async () => {
    const lane = workerLane<Job, unknown>(new Worker("throw new Error('no worker here')", { eval: true }));
    await assert.rejects(lane.submit({ id: 0, kind: "any" }), (error: unknown) => error instanceof LaneDown && /no worker here/.test(error.message));
    await assert.rejects(lane.submit({ id: 1, kind: "any" }), LaneDown);
    await lane.close();
  });
});
