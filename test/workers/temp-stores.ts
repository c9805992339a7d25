/**
 * Store paths in fresh temp folders for tests that start worker processes: after the file's tests, every
 * worker still alive is killed and every folder removed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { stopAllWorkers } from "./worker-process.js";

/** A maker of `<fresh temp folder>/mlruns` paths, its folders named `<prefix>…`. Call once per test file. */
export function tempStores(prefix: string): () => string {
  const temps: string[] = [];
  after(() => {
    stopAllWorkers();
    temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  return () => {
    const root = mkdtempSync(join(tmpdir(), prefix));
    temps.push(root);
    return join(root, "mlruns");
  };
}
