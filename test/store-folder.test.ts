/**
 * The first thing a new user gets wrong: the folder given as the store. A project folder (forgetting
 * `mlruns/`) is refused with one line that points at the store; MLflow's folders are judged by MLflow's
 * file names; an empty store is a valid, empty report.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, readStore } from "../src/index.ts";
import { detectStoreFormat } from "../src/load/store-format.ts";
import { copyFixture, removeAll, tempDir, TUNING } from "./mlflow-fixture.ts";
import { runCli } from "./workers/cli-runner.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

/** A TypeScript project as `npm init` and a first script leave it: no store yet unless `withStore`. */
async function project(withStore: boolean) {
  const root = tempDir(cleanup, "runtree-project-");
  writeFileSync(join(root, "package.json"), '{"name":"demo","type":"module"}\n');
  mkdirSync(join(root, "node_modules", "runtree", "dist"), { recursive: true });
  writeFileSync(join(root, "node_modules", "runtree", "package.json"), "{}\n");
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src", "train.ts"), "export {};\n");
  if (withStore) await openStore(join(root, "mlruns"), { captureSource: false }).experiment("sweep").run({ name: "trial" }, (run) => run.logMetric("loss", 0.5));
  return root;
}

describe("a folder that is no store", () => {
  test("`report . out` in a project without mlruns/ exits 2 with one line and writes nothing", async () => {
    const root = await project(false);
    const result = await runCli(["report", ".", "out"], root);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "runtree report: . is not a runtree or MLflow store: none of its folders is an experiment (experiment.json or meta.yaml)\n");
    assert.equal(result.stdout, "");
    assert.equal(existsSync(join(root, "out")), false);
    const search = await runCli(["search", "."], root);
    assert.equal(search.code, 2);
    assert.match(search.stderr, /^runtree search: \. is not a runtree or MLflow store/);
    assert.doesNotMatch(search.stderr, /--help/);
  });

  test("the line names ./mlruns when the project has one, and $RUNTREE_DIR first when it is set", async () => {
    const root = await project(true);
    for (const command of [["report", ".", "out"], ["search", "."], ["check", "."], ["export", "mlflow", ".", "dst"]]) {
      const result = await runCli(command, root);
      assert.equal(result.code, 2, command.join(" "));
      assert.equal(result.stderr.split("\n").length, 2, result.stderr);
      assert.match(result.stderr, /; did you mean \.\/mlruns\?\n$/, command.join(" "));
    }
    await openStore(join(root, "runs"), { captureSource: false }).experiment("e").run({}, () => {});
    const withEnv = await runCli(["search", "src"], root, { RUNTREE_DIR: "runs" });
    assert.match(withEnv.stderr, /^runtree search: src is not a runtree or MLflow store.*; did you mean \$RUNTREE_DIR \(runs\)\?\n$/);
    const fromAbove = await runCli(["search", basename(root)], dirname(root));
    assert.match(fromAbove.stderr, new RegExp(`; did you mean \\./${basename(root)}/mlruns\\?\n$`));
  });

  test("the installed `report` refuses the project folder with exit 2 and one line", async () => {
    const root = await project(true);
    const bin = new URL("../bin/report.js", import.meta.url).pathname;
    const result = spawnSync(process.execPath, [bin, ".", "out"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr.trim().split("\n").length, 1);
    assert.match(result.stderr, /did you mean \.\/mlruns\?/);
    assert.equal(existsSync(join(root, "out")), false);
  });

  test("the library refuses it too, with NOT_A_STORE; a folder of plain files is no store either", async () => {
    const root = await project(false);
    await assert.rejects(readStore(root), { code: "NOT_A_STORE" });
    await assert.rejects(openStore(root).searchRuns(), { code: "NOT_A_STORE" });
    await assert.rejects(readStore(join(root, "src")), { code: "NOT_A_STORE" });
    assert.equal(await detectStoreFormat(join(root, "src")), null);
  });
});

describe("an empty store", () => {
  test("an empty mlruns/ (or one holding only dot files) gives a valid report that says no runs yet", async () => {
    const root = tempDir(cleanup);
    mkdirSync(join(root, "mlruns"));
    writeFileSync(join(root, "mlruns", ".gitkeep"), "");
    const built = await runCli(["report", "mlruns", "site"], root);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(built.stderr, "");
    assert.match(built.stdout, /^report: 0 experiment\(s\), 0 run\(s\) -> site\/index\.html\n$/);
    const index = readFileSync(join(root, "site", "index.html"), "utf8");
    assert.match(index, /<p class="empty">No runs yet: the store has no experiments\./);
    const check = await runCli(["check", "mlruns"], root);
    assert.deepEqual([check.code, check.stdout], [0, "ok: 0 experiments, 0 runs, 0 metric points\n"]);
    assert.equal((await runCli(["search", "mlruns"], root)).stdout.split("\n").at(-2), "(0 runs)");
  });

  test("an experiment without runs says no runs yet on its page", async () => {
    const root = tempDir(cleanup);
    openStore(join(root, "mlruns")).experiment("later");
    assert.equal((await runCli(["report", "mlruns", "site", "--quiet"], root)).code, 0);
    assert.match(readFileSync(join(root, "site", "experiments", "later", "index.html"), "utf8"), /No runs yet\./);
  });
});

describe("MLflow's folders, by MLflow's names", () => {
  test("an experiment folder without meta.yaml is warned about as meta.yaml, never as experiment.json", async () => {
    const store = copyFixture(cleanup);
    rmSync(join(store, TUNING, "meta.yaml"));
    const result = await runCli(["search", store, "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const snapshot = await readStore(store);
    assert.equal(snapshot.format, "mlflow");
    assert.deepEqual(snapshot.problems.map((p) => p.file), [`${TUNING}/meta.yaml`]);
    const report = await runCli(["report", store, join(store, "..", "site")]);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stderr, new RegExp(`^warning: ${TUNING}/meta\\.yaml: meta\\.yaml is missing`));
    assert.doesNotMatch(report.stderr, /experiment\.json/);
  });

  test("a store whose only experiment lost its meta.yaml is still read as MLflow's, by its run folders", async () => {
    const store = copyFixture(cleanup);
    for (const dir of ["0", "776267436788289029"]) rmSync(join(store, dir), { recursive: true });
    rmSync(join(store, TUNING, "meta.yaml"));
    assert.equal(await detectStoreFormat(store), "mlflow");
    const check = await runCli(["check", store]);
    assert.equal(check.code, 1);
    assert.match(check.stdout, new RegExp(`^${TUNING}/meta\\.yaml: meta\\.yaml is missing`));
    assert.doesNotMatch(check.stdout, /experiment\.json/);
  });

  test("MLflow's models/ folder is skipped silently", async () => {
    const store = copyFixture(cleanup);
    mkdirSync(join(store, "models", "my-model", "version-1"), { recursive: true });
    writeFileSync(join(store, "models", "my-model", "meta.yaml"), "name: my-model\n");
    const clean = await runCli(["check", store]);
    assert.equal(clean.code, 0, clean.stdout);
    const report = await runCli(["report", store, join(store, "..", "site")]);
    assert.equal(report.code, 0);
    assert.equal(report.stderr, "");
  });

  test("a runtree experiment that lost its experiment.json is still a runtree store, warned about by our name", async () => {
    const root = tempDir(cleanup);
    const store = openStore(join(root, "mlruns"), { captureSource: false });
    const exp = store.experiment("tuning");
    await exp.run({ name: "a" }, () => {});
    rmSync(join(store.root, exp.dir, "experiment.json"));
    const snapshot = await readStore(store.root);
    assert.equal(snapshot.format, "runtree");
    assert.equal(snapshot.runs.length, 1);
    assert.deepEqual(snapshot.problems.map((p) => p.file), [`${exp.dir}/experiment.json`]);
  });
});
