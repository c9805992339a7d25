import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { exportCommand } from "../src/cli/export.ts";
import { importCommand } from "../src/cli/import.ts";
import type { CliIO, Command } from "../src/cli/io.ts";
import { FIXTURE, RUN, TUNING, copyFixture, removeAll, tempDir } from "./mlflow-fixture.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

async function run(command: Command, argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    env: {},
  };
  const code = await command(argv, io);
  return { code, stdout, stderr };
}

describe("runtree import mlflow / runtree export mlflow", () => {
  test("import prints one summary line on stdout, nothing on stderr, and exits 0", async () => {
    const cwd = tempDir(cleanup);
    const out = await run(importCommand, ["mlflow", FIXTURE, "store"], cwd);
    assert.deepEqual(out, {
      code: 0,
      stdout: "imported 12 runs (0 already there, 0 skipped), 3 new experiments, 6 artifacts into store\n",
      stderr: "",
    });
    assert.ok(existsSync(join(cwd, "store", "tuning", RUN.sweep, "run.json")), "paths resolve against the cwd");
  });

  test("export prints one summary line and writes an MLflow store that import reads back", async () => {
    const cwd = tempDir(cleanup);
    await run(importCommand, ["mlflow", FIXTURE, "store"], cwd);
    const out = await run(exportCommand, ["mlflow", "store", "mlflow-out"], cwd);
    assert.deepEqual(out, { code: 0, stdout: "exported 12 runs in 3 experiments, 6 artifacts into mlflow-out\n", stderr: "" });
    const again = await run(importCommand, ["mlflow", "mlflow-out", "store"], cwd);
    assert.match(again.stdout, /^imported 0 runs \(12 already there, 0 skipped\)/);
  });

  test("problems in the source are warnings on stderr, one line each, and the import still succeeds", async () => {
    const cwd = tempDir(cleanup);
    const src = copyFixture(cleanup);
    writeFileSync(join(src, TUNING, RUN.killed, "meta.yaml"), "garbage\u001b[31m\n");
    const out = await run(importCommand, ["mlflow", src, "store"], cwd);
    assert.equal(out.code, 0);
    assert.equal(out.stderr.trimEnd().split("\n").length, 1);
    assert.match(out.stderr, new RegExp(`^warning: ${TUNING}/${RUN.killed}/meta.yaml: line 1: expected`));
    assert.equal(out.stderr.includes("\u001b"), false, "control characters from the store never reach the terminal");
    assert.match(out.stdout, /^imported 11 runs/);
  });

  test("--help prints the usage on stdout and exits 0", async () => {
    for (const [command, usage] of [
      [importCommand, "Usage: runtree import mlflow <src> <store>"],
      [exportCommand, "Usage: runtree export mlflow <store> <dst>"],
    ] as const) {
      const out = await run(command, ["--help"], tempDir(cleanup));
      assert.equal(out.code, 0);
      assert.ok(out.stdout.startsWith(usage));
    }
  });

  const usageErrors: Array<[string, Command, string[], RegExp]> = [
    ["no arguments", importCommand, [], /expected the source format "mlflow" first, found nothing/],
    ["another format", importCommand, ["wandb", "a", "b"], /found "wandb"/],
    ["a missing folder argument", importCommand, ["mlflow", FIXTURE], /expected exactly two folders/],
    ["an extra argument", exportCommand, ["mlflow", "a", "b", "c"], /expected exactly two folders/],
    ["an unknown option", exportCommand, ["mlflow", "--fast", "a", "b"], /--fast/],
    ["a missing source", importCommand, ["mlflow", "no-such-dir", "store"], /Store not found/],
    ["a source that is not MLflow's", importCommand, ["mlflow", ".", "store"], /not an MLflow store/],
    ["a missing store to export", exportCommand, ["mlflow", "no-such-dir", "out"], /Store not found/],
  ];
  for (const [what, command, argv, message] of usageErrors) {
    test(`${what} is one line on stderr and exit 2`, async () => {
      const out = await run(command, argv, tempDir(cleanup));
      assert.equal(out.code, 2);
      assert.equal(out.stdout, "");
      assert.match(out.stderr, message);
      assert.equal(out.stderr.trimEnd().split("\n").length, 1);
    });
  }

  test("export into a folder that holds other files is refused with exit 2, and nothing is written", async () => {
    const cwd = tempDir(cleanup);
    await run(importCommand, ["mlflow", FIXTURE, "store"], cwd);
    writeFileSync(join(cwd, "notes.txt"), "keep me");
    const out = await run(exportCommand, ["mlflow", "store", "."], cwd);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /not empty and not an MLflow store/);
    assert.equal(readFileSync(join(cwd, "notes.txt"), "utf8"), "keep me");
    assert.equal(existsSync(join(cwd, "0")), false);
  });
});
