/**
 * The real MLflow store in `test/fixtures/mlflow-filestore/` (committed; see its README) and its facts,
 * as its README states them. Tests that modify it work on a writable copy in a temp dir.
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURE = fileURLToPath(new URL("./fixtures/mlflow-filestore/mlruns", import.meta.url));

export const TUNING = "109663041910412294";
export const EMIGRE = "776267436788289029";
export const EMIGRE_NAME = "Émigré results / 2026";
export const SCRATCH = "477257464916769138";

export const RUN = {
  sweep: "c7632e4ff10947268901efac487b5a3c",
  trial0: "2d833596b6fe4ae19710876b2f050915",
  trial1: "7976167dc7004a28a526929b909434c9",
  trial2: "fc37f446aab14a6a956fc73f2457e3d7",
  fold0: "d178458d5b5845f6a77e0b8a04490085",
  fold1: "ab6465e21c9e48038e4d281b09b0bdc4",
  diverged: "a6750d54d9ce4106a4bf9d300ecc97d2",
  killed: "470bb78d7b024768b5819982abf5e9bd",
  withDataset: "82bb1ffa7823423390f89d7abb13f4a5",
  toDelete: "89dc2c0287764c268f42a14041187354",
  baseline: "5133f3919e974aafb9a52a8021e51ad6",
  baldHog: "1a355248893445e0b7445f8b225787f1",
  scratchRun: "b89ecde64b874dab86373458f8b70082",
} as const;

/** A fresh temp dir, removed by `after`/`t.after` through the returned cleanup list. */
export function tempDir(cleanup: string[], prefix = "runtree-mlflow-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

/** A writable copy of the fixture (the original is read-only, and so are the modes `cp` keeps). */
export function copyFixture(cleanup: string[]): string {
  const root = join(tempDir(cleanup), "mlruns");
  cpSync(FIXTURE, root, { recursive: true });
  makeWritable(root);
  return root;
}

export function removeAll(cleanup: readonly string[]): void {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) makeWritable(join(dir, entry.name));
    else if (entry.isFile()) chmodSync(join(dir, entry.name), 0o644);
  }
}
