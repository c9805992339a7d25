/**
 * Hostile paths (issue 8, point 5): names and keys with `../`, absolute paths, backslashes, Windows
 * reserved names, trailing dots and spaces, and very long names, through the API and the installed
 * commands (`npm run build` first), with bait beside the store. Every file under the temp root is listed
 * before and after: only the store, the report's folders and the MLflow targets may change.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, RuntreeError } from "../src/index.js";
import { assertChangesOnlyIn, filesContaining, listTree } from "./cases/file-listing.js";
import { assertAcceptedReadBack, command, makeTempRoot, summary, tryEveryField, tryTheCli, type TempRoot } from "./cases/hostile-paths.js";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempRoot(): TempRoot {
  const temp = makeTempRoot("runtree-hostile-paths-");
  temps.push(temp.root);
  return temp;
}

test("hostile names and keys through the API and the CLI are refused by name or read back; report, check, MLflow export and import write only into their folders and never copy a linked bait file", { timeout: 300_000 }, async () => {
  const temp = tempRoot();
  const before = listTree(temp.root);

  const outcomes = await tryEveryField(temp);
  console.log(summary(outcomes));
  await assertAcceptedReadBack(temp, outcomes);
  // The forms that would leave a folder are refused wherever a name becomes a path.
  for (const outcome of outcomes.filter((o) => o.field.endsWith("artifact") && /parent|absolute|backslash/.test(o.vector.label))) {
    assert.equal(outcome.refused?.code, "INVALID_ARTIFACT_PATH", `${outcome.field} ${outcome.vector.label}`);
  }

  // Links planted in a run's artifacts (as a clone can bring them): to the bait folder, its file, a file beside the store.
  const store = openStore(temp.store, { captureSource: false });
  const linked = store.experiment("links").startRun({ name: "linked artifacts" });
  linked.logText("kept", "kept.txt");
  await linked.end();
  symlinkSync(join(temp.bait, "secret.txt"), join(linked.dir, "artifacts", "leak.txt"));
  symlinkSync(temp.bait, join(linked.dir, "artifacts", "leakdir"));
  symlinkSync("../../../../bait-file.txt", join(linked.dir, "artifacts", "relative.txt"));
  const whole = store.experiment("links").startRun({ name: "linked artifacts folder" });
  await whole.end();
  symlinkSync(temp.bait, join(whole.dir, "artifacts"));

  const edited = await store.experiment("cli").run({ name: "edited by the CLI" }, (run) => run.id);
  console.log(`CLI refused: ${(await tryTheCli(temp, edited)).join(", ")}`);

  const report = command("report", ["mlruns", "out"], temp.root);
  assert.equal(report.code, 0, report.stderr);
  for (const link of ["leak.txt", "leakdir", "relative.txt", `${whole.id}/artifacts`]) assert.match(report.stderr, new RegExp(link), `the report names the link ${link}`);
  const check = command("runtree", ["check", "mlruns"], temp.root);
  assert.equal(check.code, 1, check.stdout + check.stderr);
  assert.match(check.stdout + check.stderr, /leak\.txt/);
  const exported = command("runtree", ["export", "mlflow", "mlruns", "mlflow-export"], temp.root);
  assert.equal(exported.code, 0, exported.stderr);
  // Keys too long for a file name stay out of MLflow's layout, one warning each (the 128 "é" key, as param, tag and metric,
  // and as the tag set by `runtree tag`).
  assert.equal(exported.stderr.split("\n").filter((line) => line.includes("at most 255 bytes")).length, 4, exported.stderr);
  // Links planted in the MLflow store too, where the import and the report of it read artifacts and metric files.
  const exportedRun = [...listTree(join(temp.root, "mlflow-export")).keys()].find((path) => /^\d+\/[0-9a-f]{32}\/metrics$/.test(path));
  assert.ok(exportedRun, "the export wrote a run with metrics");
  const mlflowRun = join(temp.root, "mlflow-export", ...exportedRun.split("/").slice(0, 2));
  symlinkSync(join(temp.bait, "secret.txt"), join(mlflowRun, "artifacts", "leak.txt"));
  symlinkSync(join(temp.bait, "secret.txt"), join(mlflowRun, "metrics", "leak"));
  symlinkSync(join(temp.bait, "secret.txt"), join(mlflowRun, "params", "leak"));
  const imported = command("runtree", ["import", "mlflow", "mlflow-export", "reimported"], temp.root);
  assert.equal(imported.code, 0, imported.stderr);
  const reportOfExport = command("report", ["mlflow-export", "out-mlflow"], temp.root);
  assert.equal(reportOfExport.code, 0, reportOfExport.stderr);

  const afterAll = listTree(temp.root);
  const changed = assertChangesOnlyIn(before, afterAll, ["mlruns", "out", "out-mlflow", "mlflow-export", "reimported"]);
  assert.ok(changed.some((path) => path.startsWith("out/")) && changed.some((path) => path.startsWith("reimported/")), "the commands did write");
  assert.equal(readFileSync(join(temp.bait, "secret.txt"), "utf8"), `${temp.secret}\n`);
  assert.deepEqual(filesContaining(temp.root, afterAll, temp.secret).sort(), ["bait-file.txt", "bait/secret.txt"], "the bait's bytes are nowhere else");
  const planted = ["artifacts/leak.txt", "metrics/leak", "params/leak"].map((path) => `${exportedRun.split("/").slice(0, 2).join("/")}/${path}`);
  const linksWritten = [...afterAll].filter(([path, kind]) => kind.startsWith("link") && !path.startsWith("mlruns/") && !planted.includes(path.slice("mlflow-export/".length)));
  assert.deepEqual(linksWritten, [], "no command made a link (the only links are those the test planted)");
});

/** A temp root whose store holds one ended run, and the listing taken before the writer tries again. */
async function storeWithRun(): Promise<{ temp: TempRoot; runId: string; runDir: string }> {
  const temp = tempRoot();
  const run = openStore(temp.store, { captureSource: false }).experiment("e").startRun({ name: "first" });
  run.logMetric("loss", 1);
  run.logText("old", "sub/old.txt");
  await run.end();
  return { temp, runId: run.id, runDir: run.dir };
}

/** `fn` throws WRITE_FAILED naming `path`, and nothing outside the store changed meanwhile. */
async function refusedThroughLink(temp: TempRoot, path: string, fn: () => Promise<unknown>): Promise<void> {
  const before = listTree(temp.root);
  await assert.rejects(fn, (error: unknown) => {
    assert.ok(error instanceof RuntreeError, String(error));
    assert.equal(error.code, "WRITE_FAILED");
    assert.ok(error.message.includes(path) && error.message.includes("symbolic link"), error.message);
    return true;
  });
  assertChangesOnlyIn(before, listTree(temp.root), ["mlruns"]);
  assert.equal(readFileSync(join(temp.bait, "secret.txt"), "utf8"), `${temp.secret}\n`);
}

describe("the writer never writes through a symbolic link in the store (found by the hostile-paths test)", () => {
  test("an experiment folder that is a link out of the store: runs were written into the bait folder; now refused", async () => {
    const temp = tempRoot();
    mkdirSync(temp.store);
    symlinkSync(temp.bait, join(temp.store, "linked"));
    await refusedThroughLink(temp, join(temp.store, "linked"), async () => openStore(temp.store).experiment("linked").startRun());
  });

  test("a resumed run whose artifacts/ (or a folder in it) is a link: logText wrote into the bait folder; now refused", async () => {
    const { temp, runId, runDir } = await storeWithRun();
    rmSync(join(runDir, "artifacts", "sub"), { recursive: true });
    symlinkSync(temp.bait, join(runDir, "artifacts", "sub"));
    const run = await openStore(temp.store).resumeRun(runId);
    await refusedThroughLink(temp, join(runDir, "artifacts", "sub"), async () => run.logText("owned", "sub/owned.txt"));
    rmSync(join(runDir, "artifacts"), { recursive: true });
    symlinkSync(temp.bait, join(runDir, "artifacts"));
    await refusedThroughLink(temp, join(runDir, "artifacts"), async () => run.logJson({ owned: true }, "owned.json"));
    writeFileSync(join(temp.root, "local.txt"), "local");
    await refusedThroughLink(temp, join(runDir, "artifacts"), async () => run.logArtifact(join(temp.root, "local.txt"), "owned.txt"));
    await run.end();
  });

  test("a resumed run whose metrics.jsonl is a link to a file outside: points were appended to it; now refused", async () => {
    const { temp, runId, runDir } = await storeWithRun();
    rmSync(join(runDir, "metrics.jsonl"));
    symlinkSync(join(temp.bait, "secret.txt"), join(runDir, "metrics.jsonl"));
    const run = await openStore(temp.store).resumeRun(runId);
    await refusedThroughLink(temp, join(runDir, "metrics.jsonl"), async () => run.logMetric("loss", 2, { step: 1 }));
    await run.end();
  });

  test("a parent whose children/ is a link: starting a child wrote its link file into the bait folder; now refused, and no child is left", async () => {
    const { temp, runId, runDir } = await storeWithRun();
    symlinkSync(temp.bait, join(runDir, "children"));
    const store = openStore(temp.store, { captureSource: false });
    await refusedThroughLink(temp, join(runDir, "children"), async () => store.experiment("e").startRun({ parent: runId }));
    assert.equal((await store.read()).runs.length, 1, "the child's folder was removed");
  });
});

describe("artifact names at the file system's limit", () => {
  test("a 255-byte artifact name was refused by logText and logJson (their temp file's name was too long); now written", async () => {
    const { temp, runId } = await storeWithRun();
    const run = await openStore(temp.store).resumeRun(runId);
    run.logText("text", "t".repeat(255));
    run.logJson({ a: 1 }, `sub/${"j".repeat(250)}.json`);
    await run.end();
    const record = await openStore(temp.store).getRun(runId);
    assert.equal(readFileSync(join(record.dir, "artifacts", "t".repeat(255)), "utf8"), "text");
  });

  test("a name over 255 bytes failed with the file system's ENAMETOOLONG after its folders were made; now INVALID_ARTIFACT_PATH naming it, nothing written", async () => {
    const { temp, runId } = await storeWithRun();
    const run = await openStore(temp.store).resumeRun(runId);
    const before = listTree(temp.store);
    for (const path of [`new/${"é".repeat(128)}`, "x".repeat(256)]) {
      assert.throws(() => run.logText("text", path), (error: unknown) => {
        assert.ok(error instanceof RuntreeError && error.code === "INVALID_ARTIFACT_PATH", String(error));
        assert.match(error.message, /at most 255 bytes/);
        assert.ok(error.message.includes(JSON.stringify(path).slice(0, 24)), error.message);
        return true;
      });
    }
    assertChangesOnlyIn(before, listTree(temp.store), [`e/${runId}/run.json`]);
    await run.end();
  });
});

describe("MLflow export of names that are valid in runtree but hard on a file system", () => {
  test("an artifact named \"...\" or \"..notes\" aborted the whole export (the guard took it for a parent folder); now exported", async () => {
    const temp = tempRoot();
    const run = openStore(temp.store, { captureSource: false }).experiment("e").startRun();
    run.logText("three dots", "...");
    run.logText("notes", "..notes/a.txt");
    await run.end();
    const exported = command("runtree", ["export", "mlflow", "mlruns", "mlflow-export"], temp.root);
    assert.equal(exported.code, 0, exported.stderr);
    const artifacts = listTree(join(temp.root, "mlflow-export"));
    const paths = [...artifacts.keys()].filter((path) => path.includes("/artifacts/")).map((path) => path.split("/artifacts/")[1]);
    assert.deepEqual(paths.sort(), ["...", "..notes", "..notes/a.txt"]);
  });

  test("a key of 250 characters but over 255 bytes crashed the export with ENAMETOOLONG; now left out with a warning naming it", async () => {
    const temp = tempRoot();
    const key = "é".repeat(200);
    const run = openStore(temp.store, { captureSource: false }).experiment("e").startRun({ params: { [key]: 1, kept: 2 } });
    run.logMetric(key, 1);
    await run.end();
    const exported = command("runtree", ["export", "mlflow", "mlruns", "mlflow-export"], temp.root);
    assert.equal(exported.code, 0, exported.stderr);
    const warnings = exported.stderr.trimEnd().split("\n");
    assert.equal(warnings.length, 2, exported.stderr);
    for (const warning of warnings) assert.ok(warning.startsWith("warning: ") && warning.includes(`"${key}"`) && warning.includes("at most 255 bytes"), warning);
    const files = [...listTree(join(temp.root, "mlflow-export")).keys()];
    assert.ok(files.some((path) => path.endsWith(`/${run.id}/params/kept`)), "the other param is exported");
    assert.ok(!files.some((path) => path.includes("é")), "the long key is not");
  });
});
