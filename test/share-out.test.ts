/**
 * Sharing chunks between the main thread and worker lanes (threads/share-out.ts), with lanes simulated by
 * timers: every chunk is done once, by whichever lane is free, and a failure stops the sharing.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, test } from "node:test";
import { shareOut } from "../src/threads/share-out.ts";

const chunks = Array.from({ length: 40 }, (_, n) => n);

describe("work shared out between the main thread and workers", () => {
  test("every chunk is done exactly once, by whichever lane is free: a busy lane takes no more", async () => {
    const doneBy = new Map<number, string>();
    const lane = (name: string, ms: number | null) => async (chunk: number) => {
      if (ms !== null) await sleep(ms);
      assert.equal(doneBy.has(chunk), false, `chunk ${chunk} done twice`);
      doneBy.set(chunk, name);
    };
    // The main thread takes chunk 0, each worker two ahead (1-2, 3-4); the one that answers at once (without
    // a timer) then takes every chunk left before the others' timers fire.
    await shareOut(chunks, { local: lane("main", 5), remote: [lane("free", null), lane("busy", 20)] });
    assert.deepEqual([...doneBy.keys()].sort((a, b) => a - b), chunks);
    const by = (name: string) => [...doneBy].filter(([, lane]) => lane === name).map(([chunk]) => chunk).sort((a, b) => a - b);
    assert.deepEqual(by("main"), [0]);
    assert.deepEqual(by("busy"), [3, 4]);
    assert.equal(by("free").length, 37);
  });

  test("without workers the main thread does every chunk, in order", async () => {
    const order: number[] = [];
    await shareOut(chunks, { local: async (chunk) => void order.push(chunk), remote: [] });
    assert.deepEqual(order, chunks);
  });

  test("a failing lane stops the sharing out: the chunks already sent finish, no new one starts, its error is thrown", async () => {
    const started: number[] = [];
    const running = new Set<number>();
    const lane = (fail: boolean) => async (chunk: number) => {
      started.push(chunk);
      running.add(chunk);
      await sleep(2);
      running.delete(chunk);
      if (fail && chunk >= 6) throw new Error(`chunk ${chunk} failed`);
    };
    await assert.rejects(shareOut(chunks, { local: lane(false), remote: [lane(true)] }), /chunk \d+ failed/);
    assert.equal(running.size, 0, "nothing left running when it throws");
    assert.ok(started.length < chunks.length, `${started.length} chunks started`);
  });
});
