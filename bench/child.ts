/** Runs `report-child.ts` in a fresh process (peak RSS is a high-water mark) and returns its JSON line. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./report-child.js";

const CHILD = fileURLToPath(new URL("./report-child.ts", import.meta.url));

export function child(mode: string, ...args: string[]): ChildResult {
  const result = spawnSync(process.execPath, ["--import", "tsx", CHILD, mode, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const line = result.stdout.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || line === "") throw new Error(`bench child "${mode}" failed (exit ${result.status})`);
  return JSON.parse(line) as ChildResult;
}
