import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openStore, type Store } from "../src/index.js";
import { runCli } from "./workers/cli-runner.js";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** All runs start in the same millisecond: their ids share the first 12 hex digits. */
async function sampleStore(): Promise<{ store: Store; ids: Record<string, string> }> {
  const root = mkdtempSync(join(tmpdir(), "runtree-cli-edit-"));
  temps.push(root);
  const store = openStore(join(root, "mlruns"), { clock: () => Date.UTC(2026, 0, 1), captureSource: false });
  const ids: Record<string, string> = {};
  await store.experiment("tuning").run({ name: "sweep", tags: { stage: "dev" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const name of ["trial-1", "trial-2"]) await sweep.child({ name }, (trial) => void (ids[name] = trial.id));
  });
  return { store, ids };
}

/** The shortest prefix of `id` that no other id shares. */
function shortest(id: string, others: readonly string[]): string {
  for (let n = 4; n <= 32; n++) if (!others.some((other) => other !== id && other.startsWith(id.slice(0, n)))) return id.slice(0, n);
  return id;
}

describe("editing runs from the command line", () => {
  test("tag, untag, rename and note change the run named by a unique prefix, and say what they did", async () => {
    const { store, ids } = await sampleStore();
    const id = ids["sweep"]!;
    const prefix = shortest(id, Object.values(ids));
    assert.ok(prefix.length > 12, "runs started together share their time prefix");

    const tagged = await runCli(["tag", store.root, prefix, "champion=yes", "formula=a=b", "empty="]);
    assert.equal(tagged.code, 0, tagged.stderr);
    assert.equal(tagged.stdout, `tagged ${id}  sweep: champion, formula, empty\n`);
    const untagged = await runCli(["untag", store.root, prefix, "stage", "empty"]);
    assert.equal(untagged.code, 0, untagged.stderr);
    assert.deepEqual({ ...(await store.getRun(id)).tags }, { champion: "yes", formula: "a=b" });

    const renamed = await runCli(["rename", store.root, id, "final sweep"]);
    assert.equal(renamed.stdout, `renamed ${id}: sweep → final sweep\n`);
    const noteFile = join(store.root, "..", "NOTE.md");
    writeFileSync(noteFile, "# Why\n\n- it *wins*\n");
    assert.equal((await runCli(["note", store.root, prefix, "--file", noteFile])).code, 0);
    assert.equal((await store.getRun(id)).description, "# Why\n\n- it *wins*\n");
    assert.equal((await runCli(["note", store.root, prefix, "--", "- a list"])).code, 0);
    assert.equal((await store.getRun(id)).description, "- a list");
    assert.equal((await runCli(["note", store.root, prefix, "--clear"])).code, 0);
    assert.equal((await store.getRun(id)).description, undefined);
  });

  test("delete and restore print every run they change; a deleted run then refuses a tag with exit 1", async () => {
    const { store, ids } = await sampleStore();
    const deleted = await runCli(["delete", store.root, ids["sweep"]!]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(deleted.stdout.trim().split("\n").sort(), [
      `deleted ${ids["sweep"]}  sweep`,
      `deleted ${ids["trial-1"]}  trial-1`,
      `deleted ${ids["trial-2"]}  trial-2`,
    ].sort());
    const refused = await runCli(["tag", store.root, ids["trial-1"]!, "k=v"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^runtree tag: Run [0-9a-f]{32} \(trial-1\) is deleted; restore it/);
    const restored = await runCli(["restore", store.root, ids["sweep"]!]);
    assert.equal(restored.code, 0);
    assert.equal(restored.stdout.trim().split("\n").length, 3);
    assert.equal((await runCli(["restore", store.root, ids["sweep"]!])).stdout, `not deleted ${ids["sweep"]}  sweep\n`);
  });

  test("an unknown id, a short or ambiguous prefix, a bad key and a bad argument exit 2 and say why", async () => {
    const { store, ids } = await sampleStore();
    const unknown = await runCli(["tag", store.root, "ffffffff", "k=v"]);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, `runtree tag: No run whose id starts with ffffffff in the store ${store.root}.\n`);
    const short = await runCli(["rename", store.root, ids["sweep"]!.slice(0, 3), "x"]);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /expected 4 to 32 hex digits/);

    const ambiguous = await runCli(["delete", store.root, ids["sweep"]!.slice(0, 12)]);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /matches 3 runs; give more digits:/);
    for (const [name, id] of Object.entries(ids)) assert.ok(ambiguous.stderr.includes(`${id}  tuning  "${name}"`), name);

    for (const args of [
      ["tag", store.root, ids["sweep"]!, "/bad=x"],
      ["tag", store.root, ids["sweep"]!, "novalue"],
      ["tag", store.root, ids["sweep"]!],
      ["untag", store.root, ids["sweep"]!, "missing"],
      ["rename", store.root, ids["sweep"]!, ""],
      ["note", store.root, ids["sweep"]!],
      ["note", store.root, ids["sweep"]!, "text", "--clear"],
      ["delete", join(store.root, "nowhere"), ids["sweep"]!],
    ]) {
      const result = await runCli(args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`^runtree ${args[0]}: `));
    }
    assert.deepEqual({ ...(await store.getRun(ids["sweep"]!)).tags }, { stage: "dev" }, "nothing was written");
  });

  test("a run a live process writes is refused with exit 1, naming that process", async () => {
    const { store } = await sampleStore();
    const open = store.experiment("tuning").startRun({ name: "open" });
    const result = await runCli(["tag", store.root, open.id, "k=v"]);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(`process ${process.pid} on host "${hostname()}"`), result.stderr);
    await open.end();
  });

  test("every command has --help, and an MLflow store is refused with exit 2", async () => {
    for (const command of ["tag", "untag", "rename", "note", "delete", "restore", "purge"]) {
      const help = await runCli([command, "--help"]);
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, new RegExp(`^Usage: runtree ${command} <store>`), command);
    }
    const dir = mkdtempSync(join(tmpdir(), "runtree-cli-edit-"));
    temps.push(dir);
    cpSync(fileURLToPath(new URL("fixtures/mlflow-filestore/mlruns", import.meta.url)), join(dir, "mlruns"), { recursive: true });
    const result = await runCli(["tag", join(dir, "mlruns"), "2d833596b6fe4ae19710876b2f050915", "k=v"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is an MLflow file store/);
  });
});
