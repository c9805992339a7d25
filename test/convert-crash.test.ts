/**
 * Import and export write everything into a staging folder, make it durable with one sync, and only then
 * move it into place (src/convert/staging.ts). Killed at any moment, they must leave a reader nothing but
 * whole runs, and running the command again must finish the job with the bytes of an uninterrupted one.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";

import { exportMlflow, importMlflow, readStore } from "../src/index.js";
import { makeMlflowStore } from "../scripts/make-mlflow-store.js";
import { startWorker, stopAllWorkers } from "./workers/worker-process.js";

const root = mkdtempSync(join(tmpdir(), "runtree-convert-crash-"));
after(() => {
  stopAllWorkers();
  rmSync(root, { recursive: true, force: true });
});

/** Kill points after the worker says it started: from at once to after a whole import of this store. */
const DELAYS = [0, 40, 120, 250, 500, 900];

const mlflow = join(root, "mlflow");
const imported = join(root, "imported");
const exported = join(root, "exported");
let referenceImport = new Map<string, string>();
let referenceExport = new Map<string, string>();

/**
 * Every file below `dir` by relative path, with its text; staging folders left out. None when a kill came
 * before the destination was made.
 */
function treeOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (!entry.isFile() || path.split("/").some((part) => part.startsWith(".runtree-"))) continue;
    files.set(path, readFileSync(join(dir, path), "utf8"));
  }
  return files;
}

/** The run folders (`<experiment>/<run id>`) files are in. */
function runFolders(files: Iterable<string>): Set<string> {
  return new Set([...files].flatMap((path) => /^([^/]+\/[0-9a-f]{32})\//.exec(path)?.[1] ?? []));
}

/** Every file present is the reference's, byte for byte, and every run folder present holds all of its files. */
function assertOnlyWholeRuns(seen: Map<string, string>, reference: Map<string, string>, label: string): void {
  for (const [path, text] of seen) assert.equal(text, reference.get(path), `${label}: ${path} is whole`);
  const present = runFolders(seen.keys());
  for (const path of reference.keys()) {
    const folder = /^([^/]+\/[0-9a-f]{32})\//.exec(path)?.[1];
    if (folder !== undefined && present.has(folder)) assert.ok(seen.has(path), `${label}: ${path} came with its run`);
  }
}

/** Starts the worker and SIGKILLs it `delay` ms after it started (unless it has finished by then). */
async function killedAfter(mode: "import" | "export", src: string, dest: string, delay: number): Promise<void> {
  const worker = startWorker("convert.ts", [mode, src, dest]);
  await worker.waitForLine((line) => line === "started");
  await sleep(delay);
  worker.child.kill("SIGKILL");
  await worker.exited;
}

describe("an interrupted import or export", { timeout: 600_000 }, () => {
  before(async () => {
    makeMlflowStore(mlflow, { parents: 60, children: 4, steps: 20 });
    await importMlflow(mlflow, imported);
    referenceImport = treeOf(imported);
    await exportMlflow(imported, exported);
    referenceExport = treeOf(exported);
    assert.equal(runFolders(referenceImport.keys()).size, 300);
    assert.equal(runFolders(referenceExport.keys()).size, 300);
  });

  test("an import killed at any moment leaves only whole runs, and importing again finishes it byte for byte", async () => {
    for (const delay of DELAYS) {
      rmSync(imported, { recursive: true, force: true });
      await killedAfter("import", mlflow, imported, delay);
      const seen = treeOf(imported);
      assertOnlyWholeRuns(seen, referenceImport, `import killed after ${delay} ms`);
      const read = await readStore(imported).catch(() => undefined);
      if (read !== undefined) assert.deepEqual(read.problems, [], `import killed after ${delay} ms: the reader finds no problem`);

      const again = await importMlflow(mlflow, imported);
      assert.deepEqual(again.problems, []);
      assert.deepEqual(treeOf(imported), referenceImport);
      assert.deepEqual(readdirSync(imported).filter((name) => name.startsWith(".")), [], "no staging folder is left, the killed one's included");
    }
  });

  test("an export killed at any moment leaves only whole runs, and exporting again finishes it byte for byte", async () => {
    for (const delay of DELAYS) {
      rmSync(exported, { recursive: true, force: true });
      await killedAfter("export", imported, exported, delay);
      assertOnlyWholeRuns(treeOf(exported), referenceExport, `export killed after ${delay} ms`);

      await exportMlflow(imported, exported);
      assert.deepEqual(treeOf(exported), referenceExport);
      assert.deepEqual(readdirSync(exported).filter((name) => name.startsWith(".") && name !== ".trash"), [], "no staging folder is left");
    }
  });
});
