/**
 * The reading side: readStore of the 10,000-run store (warm cache) against a raw read of the same files,
 * the report build against a raw read plus a raw write of the same output, and what ending a parent with an
 * objective costs in a big experiment (it scans the experiment's folder for children).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { openStore, readStore } from "../src/index.js";
import { readStoreFloor, replaceFile } from "./floor.js";
import { elapsed, elapsedAsync, paired, type Figure } from "./timing.js";

export async function benchReadStore(store: string, runs: number): Promise<Figure> {
  const result = await paired(
    5,
    1,
    () => elapsedAsync(() => readStore(store)),
    () => elapsed(() => readStoreFloor(store)),
  );
  return {
    what: `readStore, ${runs.toLocaleString("en-US")} runs (warm)`,
    n: `1×${result.reps}`,
    ours: result.ours,
    floor: result.floor,
    floorWhat: "readdir 2 levels + read + JSON.parse",
  };
}

function listFiles(dir: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push({ path: relative(dir, path), size: statSync(path).size });
    }
  };
  walk(dir);
  return out;
}

/** The floor of a report build: read the store raw, then write files of the same paths and sizes. */
export function reportFloor(store: string, report: string, scratch: string): { ns: number; files: number; bytes: number } {
  const files = listFiles(report);
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  const buffer = Buffer.alloc(files.reduce((most, file) => Math.max(most, file.size), 0), 0x61);
  const ns = elapsed(() => {
    readStoreFloor(store);
    for (const file of files) {
      const target = join(scratch, file.path);
      mkdirSync(join(target, ".."), { recursive: true });
      writeFileSync(target, buffer.subarray(0, file.size));
    }
  });
  rmSync(scratch, { recursive: true, force: true });
  return { ns, files: files.length, bytes };
}

/**
 * A parent that declared an objective, with 4 ended children, ending in an experiment that already holds
 * `size` runs. Floor: list the parent's `children/` folder (the links its children left there), read the 4
 * children's run.json and durably replace the parent's run.json.
 */
export async function benchParentEnd(store: string, experimentName: string, size: number): Promise<Figure> {
  const experiment = openStore(store, { captureSource: false }).experiment(experimentName);
  const floorDir = join(store, "..", "parent-floor");
  mkdirSync(floorDir, { recursive: true });
  let childFiles: string[] = [];
  let parentFile = Buffer.alloc(0);
  let linkDir = "";
  const ours = async () => {
    const parent = experiment.startRun({ name: "bench-sweep", objective: { metric: "val_loss", goal: "min" } });
    childFiles = [];
    for (let i = 0; i < 4; i++) {
      const child = parent.startChild({ name: `bench-trial-${i}`, params: { lr: 10 ** -i } });
      child.logMetric("val_loss", 0.5 - i / 100);
      await child.end();
      childFiles.push(join(child.dir, "run.json"));
    }
    const ns = await elapsedAsync(() => parent.end());
    parentFile = readFileSync(join(parent.dir, "run.json"));
    linkDir = join(parent.dir, "children");
    return ns;
  };
  const floor = () =>
    elapsed(() => {
      readdirSync(linkDir);
      for (const file of childFiles) JSON.parse(readFileSync(file, "utf8"));
      replaceFile(join(floorDir, "run.json"), parentFile, true);
    });
  const result = await paired(7, 1, ours, floor);
  rmSync(floorDir, { recursive: true, force: true });
  return {
    what: `parent end (objective, 4 children), ${size.toLocaleString("en-US")}-run experiment`,
    n: `1×${result.reps}`,
    ours: result.ours,
    floor: result.floor,
    floorWhat: "readdir children/ + read 4 run.json + write tmp, fsync, rename",
  };
}
