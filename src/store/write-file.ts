import writeFileAtomic from "write-file-atomic";
import { stableJson } from "../stable-json.js";

/**
 * Writes a JSON record atomically (temp file + rename): a reader sees the old bytes or the new, never a
 * torn file. `durable` adds an fsync (≈0.5 ms), paid at run start and end, not on every log call: the
 * rename alone already hands the data to the OS, which is what survives a killed process.
 */
export function writeJsonSync(path: string, value: unknown, durable = false): void {
  writeFileAtomic.sync(path, stableJson(value), { fsync: durable });
}
