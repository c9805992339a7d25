import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, readStore, type Store } from "../src/index.js";
import { isRunFile } from "../src/format/schema.js";
import { checkStore } from "../src/load/check-store.js";
import { startWorker, stopAllWorkers } from "./workers/worker-process.js";

const temps: string[] = [];
after(() => {
  stopAllWorkers();
  temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function tempStore(): Store {
  const root = mkdtempSync(join(tmpdir(), "runtree-edit-"));
  temps.push(root);
  let now = Date.UTC(2026, 0, 1);
  return openStore(join(root, "mlruns"), { clock: () => (now += 1000), captureSource: false });
}

/** Every file of the store with its bytes, by path relative to the root. */
function snapshotFiles(root: string, dir = ""): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [p, bytes] of snapshotFiles(root, path)) files.set(p, bytes);
    else files.set(path, readFileSync(join(root, path), "utf8"));
  }
  return files;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

async function finishedSweep(store: Store) {
  const exp = store.experiment("edits");
  const ids: Record<string, string> = {};
  await exp.run({ name: "sweep", tags: { stage: "dev" }, params: { grid: "lr" } }, async (parent) => {
    ids["sweep"] = parent.id;
    for (const lr of [0.1, 0.01]) {
      await parent.child({ name: `lr-${lr}`, params: { lr } }, (child) => {
        ids[`lr-${lr}`] = child.id;
        child.logMetric("loss", lr * 3, { step: 1 });
      });
    }
  });
  return ids;
}

describe("editing finished runs", () => {
  test("setTag, deleteTag, renameRun and setNote change the run's record and only its run.json", async () => {
    const store = tempStore();
    const ids = await finishedSweep(store);
    const id = ids["sweep"]!;
    const before = snapshotFiles(store.root);
    await store.setTag(id, "champion", "yes");
    await store.setTags(id, { stage: "prod", "review/by": "ann" });
    await store.deleteTag(id, "review/by");
    await store.renameRun(id, "final sweep");
    await store.setNote(id, "**Champion**: see https://example.com/pr/7");
    const after = snapshotFiles(store.root);
    const runFile = join("edits", id, "run.json");
    assert.deepEqual(changedFiles(before, after), [runFile]);

    const run = await store.getRun(id);
    assert.deepEqual({ ...run.tags }, { champion: "yes", stage: "prod" });
    assert.equal(run.name, "final sweep");
    assert.equal(run.description, "**Champion**: see https://example.com/pr/7");
    assert.equal(run.status, "FINISHED");
    assert.deepEqual({ ...run.params }, { grid: "lr" }, "params are untouched");
    const file: unknown = JSON.parse(after.get(runFile)!);
    assert.ok(isRunFile(file));
    assert.ok(after.get(runFile)!.endsWith("}\n"), "stable JSON with a trailing newline");
    assert.deepEqual((await checkStore(store.root)).problems, []);

    await store.setNote(id, "");
    assert.equal((await store.getRun(id)).description, undefined, "an empty note removes it");
    const found = await store.searchRuns({ filter: "tags.champion = 'yes' and attributes.run_name = 'final sweep'" });
    assert.deepEqual(found.map((r) => r.id), [id], "search sees the new name and tags");
  });

  test("an edit that changes nothing does not rewrite the file", async () => {
    const store = tempStore();
    const id = (await finishedSweep(store))["sweep"]!;
    const path = join(store.root, "edits", id, "run.json");
    const before = statSync(path);
    await store.setTag(id, "stage", "dev");
    await store.renameRun(id, "sweep");
    const after = statSync(path);
    assert.equal(after.ino, before.ino, "no atomic rewrite (which would make a new inode) happened");
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  test("bad input is refused like the run's own calls, and nothing is written", async () => {
    const store = tempStore();
    const id = (await finishedSweep(store))["sweep"]!;
    const before = snapshotFiles(store.root);
    await assert.rejects(store.setTag(id, "/leading", "x"), { code: "INVALID_KEY" });
    await assert.rejects(store.setTags(id, { good: "x", other: 3 as unknown as string }), { code: "INVALID_VALUE" });
    await assert.rejects(store.setTag(id, "long", "x".repeat(8001)), { code: "INVALID_VALUE" });
    await assert.rejects(store.deleteTag(id, "nope"), { code: "TAG_NOT_FOUND" });
    await assert.rejects(store.renameRun(id, ""), { code: "INVALID_NAME" });
    await assert.rejects(store.renameRun(id, "n".repeat(251)), { code: "INVALID_NAME" });
    await assert.rejects(store.setNote(id, "x".repeat(100_001)), { code: "INVALID_VALUE" });
    await assert.rejects(store.setTag("0".repeat(32), "k", "v"), { code: "RUN_NOT_FOUND" });
    await assert.rejects(store.setTag("not-an-id", "k", "v"), { code: "RUN_NOT_FOUND" });
    assert.deepEqual(changedFiles(before, snapshotFiles(store.root)), []);
  });

  test("keys named like Object.prototype members are tags like any other", async () => {
    const store = tempStore();
    const id = (await finishedSweep(store))["sweep"]!;
    await store.setTags(id, { __proto__: "p", constructor: "c" } as Record<string, string>);
    const run = await store.getRun(id);
    assert.equal(run.tags["constructor"], "c");
    await store.deleteTag(id, "constructor");
    assert.equal((await store.getRun(id)).tags["constructor"], undefined);
  });
});

describe("a run a live process is writing", () => {
  test("is refused in this process while open, with RUN_LIVE naming this host and pid; allowed once it ends", async () => {
    const store = tempStore();
    const run = store.experiment("edits").startRun({ name: "open" });
    await assert.rejects(store.setTag(run.id, "k", "v"), (error: { code: string; context: { host: string; pid: number }; message: string }) => {
      assert.equal(error.code, "RUN_LIVE");
      assert.equal(error.context.host, hostname());
      assert.equal(error.context.pid, process.pid);
      assert.match(error.message, new RegExp(`process ${process.pid} on host`));
      return true;
    });
    await run.end();
    await store.setTag(run.id, "k", "v");
    assert.equal((await store.getRun(run.id)).tags["k"], "v");
  });

  test("is refused while another process holds it, naming that process; editable after it ends or dies", { timeout: 60_000 }, async () => {
    const store = tempStore();
    const holder = startWorker("after-script.ts", ["hold", store.root, "edits"]);
    const id = (await holder.waitForLine((line) => line.startsWith("run "))).split(" ")[1]!;
    const pid = holder.child.pid!;
    await assert.rejects(store.renameRun(id, "x"), (error: { code: string; context: { pid: number; host: string } }) => {
      assert.equal(error.code, "RUN_LIVE");
      assert.equal(error.context.pid, pid);
      assert.equal(error.context.host, hostname());
      return true;
    });
    holder.send("end");
    assert.equal((await holder.exited).code, 0);
    await store.renameRun(id, "renamed after it ended");
    assert.equal((await store.getRun(id)).name, "renamed after it ended");

    // A writer killed hard leaves an abandoned run: nobody writes it any more, so it may be edited.
    const doomed = startWorker("after-script.ts", ["hold", store.root, "edits"]);
    const doomedId = (await doomed.waitForLine((line) => line.startsWith("run "))).split(" ")[1]!;
    doomed.child.kill("SIGKILL");
    await doomed.exited;
    await store.setTag(doomedId, "cause", "preempted");
    const abandoned = await store.getRun(doomedId);
    assert.equal(abandoned.abandoned, true);
    assert.equal(abandoned.status, "RUNNING");
    assert.equal(abandoned.tags["cause"], "preempted");
    assert.equal(abandoned.metrics["loss"], 1, "its history still reads back");
  });

  test("processes that tag the same run at the same moment lose no tag", { timeout: 240_000 }, async () => {
    const store = tempStore();
    const id = (await finishedSweep(store))["sweep"]!;
    const [processes, each] = [3, 25];
    const workers = Array.from({ length: processes }, (_, w) => startWorker("after-script.ts", ["tag", store.root, id, `w${w}`, String(each)]));
    await Promise.all(workers.map((w) => w.waitForLine((line) => line === "ready")));
    for (const worker of workers) worker.send("go");
    const exits = await Promise.all(workers.map((w) => w.exited));
    for (const exit of exits) assert.deepEqual(exit.lines.slice(-1), ["done"], exit.stderr);
    const run = await store.getRun(id);
    const lost = [];
    for (let w = 0; w < processes; w++) for (let i = 0; i < each; i++) if (run.tags[`w${w}-${i}`] !== String(i)) lost.push(`w${w}-${i}`);
    assert.deepEqual(lost, [], "every tag every process set is there");
    assert.deepEqual((await readStore(store.root)).problems, []);
    assert.deepEqual(readdirSync(join(store.root, "edits", id)).filter((name) => name.startsWith(".")), [], "no claim or temp file is left behind");
  });
});
