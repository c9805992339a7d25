/**
 * The full history of an MLflow run's metrics, read from `<run>/metrics/<key>` on demand (the snapshot
 * keeps only summaries). Bad lines are skipped here; `readMlflowStore` reports them.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import type { RunRecord } from "../model/run-record.js";
import { fsSource } from "../source/fs-source.js";
import { listKeyFiles } from "./key-files.js";
import { parseMetricFile, type MlflowPoint } from "./metric-file.js";

/**
 * One metric's points in logged (file) order; empty when the run never logged `key`.
 * @throws RuntreeError INVALID_KEY for a key that would leave the run's `metrics/` folder.
 * @example await readMlflowMetricHistory(run, "train/loss") // [{ step: 0, value: 1, timestamp: 1767225600000 }, ...]
 */
export async function readMlflowMetricHistory(run: Pick<RunRecord, "dir">, key: string): Promise<MlflowPoint[]> {
  const segments = key.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === ".." || /[\\\0]/.test(segment))) {
    throw new RuntreeError(ErrorCode.InvalidKey, `Invalid metric key ${JSON.stringify(key)}: expected a relative path without empty, "." or ".." parts.`, {
      key,
      expected: "a relative path without empty, '.' or '..' parts",
    });
  }
  let text: string;
  try {
    text = await readFile(join(run.dir, "metrics", ...segments), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return [];
    throw error;
  }
  return parseMetricFile(text).points;
}

/** Every metric's history of a run, by key (sorted), in logged order within a key. */
export async function readAllMlflowMetricHistories(run: Pick<RunRecord, "dir">): Promise<Map<string, MlflowPoint[]>> {
  const source = fsSource(run.dir);
  const { files } = await listKeyFiles(source, "metrics");
  const texts = await Promise.all(files.map((file) => source.read(file.path).catch(() => "")));
  const byKey = new Map<string, MlflowPoint[]>();
  files.forEach((file, index) => {
    const { points } = parseMetricFile(texts[index] ?? "");
    if (points.length > 0) byKey.set(file.key, points);
  });
  return byKey;
}
