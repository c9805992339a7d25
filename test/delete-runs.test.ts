import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openStore, type Store } from "../src/index.js";
import { checkStore } from "../src/load/check-store.js";
import { runCli } from "./workers/cli-runner.js";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/** A store whose clock the test moves: `clock.now` is the time of the next call. */
function tempStore(): { store: Store; clock: { now: number } } {
  const root = mkdtempSync(join(tmpdir(), "runtree-delete-"));
  temps.push(root);
  const clock = { now: T0 };
  return { store: openStore(join(root, "mlruns"), { clock: () => clock.now++, captureSource: false }), clock };
}

/** sweep (objective loss/min) → trial-a (→ eval-a), trial-b; and a lone run. */
async function sweepStore(store: Store) {
  const ids: Record<string, string> = {};
  const exp = store.experiment("sweeps");
  await exp.run({ name: "sweep", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    await sweep.child({ name: "trial-a", params: { lr: 0.1 } }, async (trial) => {
      ids["trial-a"] = trial.id;
      trial.logMetric("loss", 0.1);
      await trial.child({ name: "eval-a" }, (evaluation) => void (ids["eval-a"] = evaluation.id));
    });
    await sweep.child({ name: "trial-b", params: { lr: 0.01 } }, (trial) => {
      ids["trial-b"] = trial.id;
      trial.logMetric("loss", 0.2);
    });
  });
  await exp.run({ name: "lone" }, (run) => void (ids["lone"] = run.id));
  return ids;
}

/** The bytes of every file below `root`, by relative path. */
function bytesOf(root: string, dir = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [p, b] of bytesOf(root, path)) out.set(p, b);
    else out.set(path, readFileSync(join(root, path), "utf8"));
  }
  return out;
}

const names = async (store: Store, view?: "active" | "deleted" | "all") =>
  (await store.searchRuns(view === undefined ? {} : { view })).map((run) => run.name).sort();

describe("deleting and restoring runs", () => {
  test("deleting a sweep deletes its trials too, changing only their run.json; searches leave them out unless asked", async () => {
    const { store, clock } = tempStore();
    const ids = await sweepStore(store);
    const before = bytesOf(store.root);
    clock.now = T0 + DAY;
    const deleted = await store.deleteRun(ids["sweep"]!);
    assert.deepEqual([...deleted].sort(), [ids["sweep"], ids["trial-a"], ids["trial-b"], ids["eval-a"]].sort());
    assert.equal(deleted[0], ids["sweep"], "the run first");
    const after = bytesOf(store.root);
    const changed = [...after.keys()].filter((path) => before.get(path) !== after.get(path)).sort();
    assert.deepEqual(changed, deleted.map((id) => join("sweeps", id, "run.json")).sort());

    const sweep = await store.getRun(ids["sweep"]!);
    assert.equal(sweep.deleted?.time, T0 + DAY);
    assert.equal(sweep.deleted?.ancestor, undefined);
    assert.equal((await store.getRun(ids["eval-a"]!)).deleted?.ancestor, ids["sweep"], "a descendant records the run it went with");
    assert.deepEqual(await names(store), ["lone"]);
    assert.deepEqual(await names(store, "deleted"), ["eval-a", "sweep", "trial-a", "trial-b"]);
    assert.deepEqual(await names(store, "all"), ["eval-a", "lone", "sweep", "trial-a", "trial-b"]);
    const [experiment] = await store.experiments();
    assert.equal(experiment?.runCount, 1);
    assert.equal(experiment?.deletedRunCount, 4);
    assert.deepEqual((await checkStore(store.root)).problems, []);
    await assert.rejects(store.searchRuns({ view: "trash" as "all" }), { code: "INVALID_ARGUMENT" });
  });

  test("restoring brings back what the deletion took, not a trial deleted on its own before", async () => {
    const { store } = tempStore();
    const ids = await sweepStore(store);
    assert.deepEqual(await store.deleteRun(ids["trial-b"]!), [ids["trial-b"]]);
    const withSweep = await store.deleteRun(ids["sweep"]!);
    assert.ok(!withSweep.includes(ids["trial-b"]!), "an already deleted trial keeps its own deletion");
    assert.deepEqual((await store.deleteRun(ids["sweep"]!)).length, 0, "deleting again changes nothing");

    const restored = await store.restoreRun(ids["sweep"]!);
    assert.deepEqual([...restored].sort(), [ids["sweep"], ids["trial-a"], ids["eval-a"]].sort());
    assert.deepEqual(await names(store, "deleted"), ["trial-b"]);
    assert.deepEqual(await store.restoreRun(ids["lone"]!), [], "restoring an active run changes nothing");

    // Restoring a run that went with its ancestor brings back its own subtree of that deletion only.
    await store.deleteRun(ids["sweep"]!);
    assert.deepEqual([...(await store.restoreRun(ids["trial-a"]!))].sort(), [ids["trial-a"], ids["eval-a"]].sort());
    assert.deepEqual(await names(store, "deleted"), ["sweep", "trial-b"]);
  });

  test("a deleted run takes no edit until it is restored", async () => {
    const { store } = tempStore();
    const ids = await sweepStore(store);
    await store.deleteRun(ids["trial-a"]!);
    await assert.rejects(store.setTag(ids["trial-a"]!, "k", "v"), { code: "RUN_DELETED" });
    await assert.rejects(store.renameRun(ids["eval-a"]!, "x"), { code: "RUN_DELETED" });
    await store.restoreRun(ids["trial-a"]!);
    await store.setTag(ids["trial-a"]!, "k", "v");
    assert.equal((await store.getRun(ids["trial-a"]!)).tags["k"], "v");
  });

  test("a parent ending after a child was deleted picks its best child among the others", async () => {
    const { store } = tempStore();
    const exp = store.experiment("sweeps");
    const parent = exp.startRun({ name: "sweep", objective: { metric: "loss", goal: "min" } });
    const ids: string[] = [];
    for (const loss of [0.1, 0.2, 0.3]) {
      const child = exp.startRun({ parent: parent.id, name: `loss-${loss}` });
      child.logMetric("loss", loss);
      await child.end();
      ids.push(child.id);
    }
    await store.deleteRun(ids[0]!);
    await parent.end();
    assert.equal((await store.getRun(parent.id)).bestChild?.id, ids[1]);
  });

  test("nothing is deleted while a live process writes a run of the tree", async () => {
    const { store } = tempStore();
    const exp = store.experiment("sweeps");
    const parent = exp.startRun({ name: "sweep" });
    await parent.end();
    const child = exp.startRun({ parent: parent.id, name: "still running" });
    await assert.rejects(store.deleteRun(parent.id), { code: "RUN_LIVE" });
    assert.deepEqual(await names(store, "deleted"), []);
    await child.end();
    assert.equal((await store.deleteRun(parent.id)).length, 2);
  });
});

describe("purging deleted runs", () => {
  test("purge removes deleted runs older than the limit, with their links, and lists them; a dry run removes nothing", async () => {
    const { store, clock } = tempStore();
    const ids = await sweepStore(store);
    clock.now = T0 + DAY;
    await store.deleteRun(ids["trial-a"]!);
    clock.now = T0 + 10 * DAY;
    await store.deleteRun(ids["lone"]!);
    clock.now = T0 + 31 * DAY;

    const dry = await store.purge({ olderThan: 30 * DAY, dryRun: true });
    assert.deepEqual(dry.purged.map((run) => run.name).sort(), ["eval-a", "trial-a"]);
    assert.ok(existsSync(join(store.root, "sweeps", ids["trial-a"]!)), "a dry run removes nothing");

    const done = await store.purge({ olderThan: 30 * DAY });
    assert.deepEqual(done.purged.map((run) => run.path), [`sweeps/${ids["eval-a"]}`, `sweeps/${ids["trial-a"]}`].sort());
    assert.equal(existsSync(join(store.root, "sweeps", ids["trial-a"]!)), false);
    assert.equal(existsSync(join(store.root, "sweeps", ids["sweep"]!, "children", `${ids["trial-a"]}.json`)), false, "the parent's link to it goes too");
    assert.deepEqual(await names(store, "all"), ["lone", "sweep", "trial-b"]);
    assert.deepEqual((await checkStore(store.root)).problems, [], "nothing stale is left");

    assert.deepEqual((await store.purge()).purged.map((run) => run.name), ["lone"], "without a limit, every deleted run");
  });

  test("a deleted parent stays while a run below it is active, and says why", async () => {
    const { store } = tempStore();
    const ids = await sweepStore(store);
    await store.deleteRun(ids["sweep"]!);
    await store.restoreRun(ids["trial-b"]!);
    const result = await store.purge();
    assert.deepEqual(result.purged.map((run) => run.name).sort(), ["eval-a", "trial-a"]);
    assert.deepEqual(result.kept.map((run) => run.id), [ids["sweep"]]);
    assert.match(result.kept[0]!.reason, /1 run\(s\) below it stay \(1 active/);
    assert.deepEqual(await names(store, "all"), ["lone", "sweep", "trial-b"]);
  });

  test("an MLflow store is refused: its own tool purges it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runtree-delete-"));
    temps.push(dir);
    cpSync(fileURLToPath(new URL("fixtures/mlflow-filestore/mlruns", import.meta.url)), join(dir, "mlruns"), { recursive: true });
    await assert.rejects(openStore(join(dir, "mlruns")).purge(), { code: "INVALID_ARGUMENT" });
  });
});

describe("runtree purge and search --view", () => {
  test("purge --dry-run lists, purge --older-than removes; search --view deleted finds deleted runs", async () => {
    const { store } = tempStore();
    const ids = await sweepStore(store);
    await store.deleteRun(ids["lone"]!);
    const listed = await runCli(["search", store.root, "--view", "deleted"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${ids["lone"]}.*lone.*FINISHED \\(deleted\\)`));
    assert.doesNotMatch((await runCli(["search", store.root])).stdout, /lone/);
    assert.equal((await runCli(["search", store.root, "--view", "gone"])).code, 2);

    // The store's clock is far behind the real one: every deletion is older than a day.
    const dry = await runCli(["purge", store.root, "--dry-run", "--older-than", "1d"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`^would remove sweeps/${ids["lone"]}  lone  \\(sweeps; deleted 2026-01-01 `));
    assert.match(dry.stderr, /1 deleted run would be removed \(dry run: nothing removed\)/);
    assert.ok(existsSync(join(store.root, "sweeps", ids["lone"]!)));
    const done = await runCli(["purge", store.root, "--older-than", "2w"]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, new RegExp(`^removed sweeps/${ids["lone"]}`));
    assert.equal(existsSync(join(store.root, "sweeps", ids["lone"]!)), false);

    for (const bad of [["purge", store.root, "--older-than", "30 days"], ["purge"], ["purge", join(store.root, "missing")]]) {
      const result = await runCli(bad);
      assert.equal(result.code, 2, bad.join(" "));
      assert.equal(result.stderr.split("\n").length, 2, "one line");
    }
    const help = await runCli(["purge", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--older-than AGE/);
  });
});
