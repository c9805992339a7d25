/**
 * The writer's figures: what each log call and a run's start + end cost, against the raw fs floor of the
 * same work, measured side by side on the same disk.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { openStore, type Run } from "../src/index.js";
import { replaceFile, startEndFloor } from "./floor.js";
import { elapsed, elapsedAsync, paired, perCall, type Figure } from "./timing.js";

const PARAMS = { lr: 0.001, optimizer: "adam", batch_size: 32, dropout: 0.1 } as const;
const TAGS = { team: "vision", sweep: "s1" } as const;

function lastLines(file: string, count: number): string {
  const lines = readFileSync(file, "utf8").split("\n").filter((line) => line !== "");
  return lines.slice(-count).join("\n") + "\n";
}

export async function benchWrites(root: string): Promise<Figure[]> {
  const store = openStore(join(root, "store"), { captureSource: false });
  const experiment = store.experiment("bench");
  const floorDir = join(root, "floor");
  mkdirSync(floorDir, { recursive: true });
  const figures: Figure[] = [];

  // --- metric appends: one write(2) each, against writeSync of the same bytes on a kept-open fd.
  const run = experiment.startRun({ name: "metrics", params: PARAMS, tags: TAGS });
  let step = 0;
  run.logMetric("loss", 0.123456789, { step: step++ });
  const metricsFile = join(run.dir, "metrics.jsonl");
  const oneLine = lastLines(metricsFile, 1);
  const fd = openSync(join(floorDir, "metrics.jsonl"), "a");
  const METRIC_CALLS = 5000;
  const single = await paired(
    9,
    1,
    () => perCall(METRIC_CALLS, (i) => run.logMetric("loss", 0.123456789 + i * 1e-9, { step: step++ })),
    () => perCall(METRIC_CALLS, () => writeSync(fd, oneLine)),
  );
  figures.push({ what: "run.logMetric", n: `${METRIC_CALLS}×${single.reps}`, ours: single.ours, floor: single.floor, floorWhat: `writeSync ${Buffer.byteLength(oneLine)} B, open fd` });

  const five = (i: number) => ({ loss: 0.3 + i * 1e-9, acc: 0.91, val_loss: 0.35, lr: 0.001, grad_norm: 1.5 });
  run.logMetrics(five(0), { step: step++ });
  const fiveLines = lastLines(metricsFile, 5);
  const FIVE_CALLS = 2000;
  const multi = await paired(
    9,
    1,
    () => perCall(FIVE_CALLS, (i) => run.logMetrics(five(i), { step: step++ })),
    () => perCall(FIVE_CALLS, () => writeSync(fd, fiveLines)),
  );
  figures.push({ what: "run.logMetrics (5 keys)", n: `${FIVE_CALLS}×${multi.reps}`, ours: multi.ours, floor: multi.floor, floorWhat: `writeSync ${Buffer.byteLength(fiveLines)} B, open fd` });
  closeSync(fd);

  // --- tags: an atomic rewrite of run.json (no fsync), against write temp + rename of the same size.
  const TAG_CALLS = 100;
  run.setTag("note", "note-000000");
  const runJson = readFileSync(join(run.dir, "run.json"));
  const floorRunJson = join(floorDir, "run.json");
  const tags = await paired(
    5,
    1,
    () => perCall(TAG_CALLS, (i) => run.setTag("note", `note-${String(i).padStart(6, "0")}`)),
    () => perCall(TAG_CALLS, () => replaceFile(floorRunJson, runJson, false)),
  );
  figures.push({ what: "run.setTag", n: `${TAG_CALLS}×${tags.reps}`, ours: tags.ours, floor: tags.floor, floorWhat: `write tmp ${runJson.length} B + rename` });
  await run.end();

  // --- params: immutable, so each call adds a key; fresh runs keep run.json realistic (≤ 25 params).
  const RUNS_PER_REP = 4;
  const PARAMS_PER_RUN = 25;
  let sizes = 0;
  let sized = 0;
  const paramSample = async (): Promise<number> => {
    let total = 0;
    for (let r = 0; r < RUNS_PER_REP; r++) {
      const target: Run = experiment.startRun({ name: "params", tags: TAGS });
      sizes += statSync(join(target.dir, "run.json")).size;
      total += elapsed(() => {
        for (let k = 0; k < PARAMS_PER_RUN; k++) target.logParam(`param_${k}`, k % 2 === 0 ? k / 1000 : `value-${k}`);
      });
      sizes += statSync(join(target.dir, "run.json")).size;
      sized += 2;
      await target.end();
    }
    return total / (RUNS_PER_REP * PARAMS_PER_RUN);
  };
  await paramSample(); // learn the mean run.json size for the floor
  const paramBytes = Buffer.alloc(Math.round(sizes / sized), 0x20);
  const params = await paired(7, 0, paramSample, () => perCall(RUNS_PER_REP * PARAMS_PER_RUN, () => replaceFile(floorRunJson, paramBytes, false)));
  figures.push({ what: "run.logParam", n: `${RUNS_PER_REP * PARAMS_PER_RUN}×${params.reps}`, ours: params.ours, floor: params.floor, floorWhat: `write tmp ${paramBytes.length} B + rename` });

  // --- a run's start + end (no metrics): what a sweep pays per trial.
  const sample = experiment.startRun({ name: "sample-run", params: PARAMS, tags: TAGS });
  const started = readFileSync(join(sample.dir, "run.json"));
  await sample.end();
  const ended = readFileSync(join(sample.dir, "run.json"));
  const RUNS = 25;
  let floorRuns = 0;
  const lifecycle = await paired(
    7,
    1,
    async () =>
      (await elapsedAsync(async () => {
        for (let i = 0; i < RUNS; i++) await experiment.startRun({ name: `trial-${i}`, params: PARAMS, tags: TAGS }).end();
      })) / RUNS,
    () => elapsed(() => {
      for (let i = 0; i < RUNS; i++) startEndFloor(join(floorDir, `run-${floorRuns++}`), started, ended);
    }) / RUNS,
  );
  figures.push({ what: "startRun + end (no metrics)", n: `${RUNS}×${lifecycle.reps}`, ours: lifecycle.ours, floor: lifecycle.floor, floorWhat: "mkdir + write tmp, rename + write tmp, fsync, rename" });

  rmSync(root, { recursive: true, force: true });
  return figures;
}
