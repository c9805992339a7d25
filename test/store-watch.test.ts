/**
 * Noticing store changes for `report --watch` (src/report/store-watch.ts), by file-system events and by
 * polling: a point appended to a running run's `metrics.jsonl`, a new run, a run ending. Changes are made
 * through the library into a real store in a temp folder.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore } from "../src/index.js";
import { storeSignature, watchStore, type StoreWatch } from "../src/report/store-watch.js";
import { removeTemps, tempDir } from "./report-fixtures.js";

after(removeTemps);

/** Counts `onChange` calls and lets a test wait for the next one. */
function changes() {
  let count = 0;
  let wake: (() => void) | null = null;
  return {
    onChange: () => {
      count++;
      wake?.();
    },
    count: () => count,
    /** Resolves once a call comes after this one (the test runner's timeout bounds the wait). */
    next(): Promise<void> {
      const seen = count;
      return new Promise((resolve) => {
        wake = () => {
          if (count > seen) resolve();
        };
      });
    },
  };
}

async function makeStore() {
  const root = join(tempDir(), "mlruns");
  const exp = openStore(root, { captureSource: false, fsync: false }).experiment("watched");
  const running = exp.startRun({ name: "running" });
  running.logMetric("loss", 1, { step: 0 });
  return { root, exp, running };
}

for (const poll of [false, true]) {
  describe(`watching a store ${poll ? "by polling" : "by file-system events"}`, { timeout: 60_000 }, () => {
    test("sees points appended to a running run, a new run and a run ending; nothing after close()", async () => {
      const s = await makeStore();
      const seen = changes();
      const watch: StoreWatch = await watchStore(s.root, seen.onChange, { poll, intervalMs: 100 });
      try {
        assert.equal(watch.mode(), poll ? "poll" : "events");
        if (poll) assert.equal(watch.why(), "--poll");

        let next = seen.next();
        s.running.logMetric("loss", 0.5, { step: 1 });
        await next;

        next = seen.next();
        const added = s.exp.startRun({ name: "added" });
        await next;

        next = seen.next();
        await added.end();
        await next;
      } finally {
        watch.close();
      }
      const count = seen.count();
      s.running.logMetric("loss", 0.25, { step: 2 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(seen.count(), count, "no call after close()");
      await s.running.end();
    });
  });
}

test("the polling signature changes with an append and stays put without one", async () => {
  const s = await makeStore();
  const first = await storeSignature(s.root);
  assert.equal(await storeSignature(s.root), first);
  s.running.logMetric("loss", 0.5, { step: 1 });
  assert.notEqual(await storeSignature(s.root), first);
  await s.running.end();
});
