/**
 * Child process of the syscall count (see syscalls.ts): does each kind of library operation `count` times
 * under strace, between two marker calls (an `access` of a path that cannot exist) that bracket exactly
 * the operations, so setup, warm-up and process start-up are not counted.
 * Usage: node --import tsx bench/syscall-worker.ts <store-dir> <count>
 */
import { accessSync } from "node:fs";
import { openStore, type Run } from "../src/index.js";

export const MARK = "/runtree-bench-mark";

function mark(label: string): void {
  try {
    accessSync(`${MARK}/${label}`);
  } catch {
    // The marker never exists: only its system call, visible in strace's log, matters.
  }
}

async function bracket(label: string, count: number, body: (i: number) => void | Promise<void>): Promise<void> {
  mark(`${label}/${count}/begin`);
  for (let i = 0; i < count; i++) await body(i);
  mark(`${label}/${count}/end`);
}

async function main(dir: string, count: number): Promise<void> {
  const experiment = openStore(dir, { captureSource: false }).experiment("bench");
  const run: Run = experiment.startRun({ name: "syscalls", params: { lr: 0.001 } });
  run.logMetric("warm", 1); // the metrics file is opened once per run: keep that out of the per-call count
  run.setTag("note", "note-warm-0");
  run.logParam("warm", 0);
  await bracket("run.logMetric", count, (i) => run.logMetric("loss", 0.5 + i * 1e-9, { step: i }));
  await bracket("run.logMetrics (5 keys)", count, (i) => run.logMetrics({ loss: 0.3, acc: 0.9, val_loss: 0.35, lr: 0.001, grad_norm: 1.5 }, { step: i }));
  await bracket("run.setTag", count, (i) => run.setTag("note", `note-${String(i).padStart(6, "0")}`));
  await bracket("run.logParam", count, (i) => run.logParam(`param_${i}`, i));
  await run.end();
  await bracket("startRun + end (no metrics)", count, async (i) => experiment.startRun({ name: `trial-${i}`, params: { lr: 0.001 } }).end());
}

const [dir, count] = process.argv.slice(2);
if (dir === undefined || !/^\d+$/.test(count ?? "")) {
  process.stderr.write("usage: syscall-worker <dir> <count>\n");
  process.exitCode = 2;
} else {
  await main(dir, Number(count));
}
