/**
 * A huge metrics.jsonl beside good runs (issue: damaged stores): one run's history ends in `megabytes` MB of
 * garbage without a newline (a line no reader may hold as a point), another holds `megabytes` MB of valid
 * points. `runtree check` names the garbage once and exits 1, a search lists every run, the report builds
 * every run's page with that one problem, and the huge valid history is charted.
 */
import assert from "node:assert/strict";
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../../src/index.js";
import { buildReport } from "../../src/report/build.js";
import { fakeAssets, filesOf, tempDir } from "../report-fixtures.js";
import { runCli } from "../workers/cli-runner.js";

const MB = 1 << 20;

/** Appends about `megabytes` MB to `file`, a chunk at a time (never the whole of it in memory). */
function append(file: string, megabytes: number, chunk: (from: number) => Buffer): number {
  const fd = openSync(file, "a");
  let written = 0;
  let calls = 0;
  try {
    while (written < megabytes * MB) written += writeSync(fd, chunk(calls++));
  } finally {
    closeSync(fd);
  }
  return calls;
}

export async function assertHugeHistoriesHandled(megabytes: number): Promise<void> {
  const root = join(tempDir(), "mlruns");
  const experiment = openStore(root, { captureSource: false, fsync: false }).experiment("huge");
  const ended = async (name: string): Promise<{ name: string; id: string; dir: string }> => {
    const run = experiment.startRun({ name, params: { lr: 0.1 } });
    run.logMetric("loss", 1, { step: 0 });
    await run.end();
    return { name, id: run.id, dir: run.dir };
  };
  const good = await ended("good");
  const garbage = await ended("garbage");
  const huge = await ended("huge");
  append(join(garbage.dir, "metrics.jsonl"), megabytes, () => Buffer.alloc(MB, 0x61));
  const PER_CHUNK = 10_000;
  const chunks = append(join(huge.dir, "metrics.jsonl"), megabytes, (n) => {
    const lines: string[] = [];
    for (let i = 1; i <= PER_CHUNK; i++) {
      const step = n * PER_CHUNK + i;
      lines.push(`{"key":"loss","value":${1 / step},"step":${step},"timestamp":${1_767_225_600_000 + step}}\n`);
    }
    return Buffer.from(lines.join(""));
  });
  const garbageFile = `huge/${garbage.id}/metrics.jsonl`;

  const check = await runCli(["check", root]);
  assert.equal(check.code, 1, check.stdout + check.stderr);
  const named = check.stdout.split("\n").filter((line) => line.startsWith(`${garbageFile}:`));
  assert.equal(named.length, 1, `runtree check names the garbage once: ${check.stdout}`);
  assert.ok(!check.stdout.includes(huge.id), "the huge valid history is no problem");
  assert.match(check.stdout, new RegExp(`${chunks * PER_CHUNK + 3} metric points`), "every point is counted: one per run, and the huge history's");

  const search = await runCli(["search", root]);
  assert.equal(search.code, 0, search.stderr);
  for (const run of [good, garbage, huge]) assert.ok(search.stdout.includes(run.id), `search lists ${run.name}`);

  const out = join(tempDir(), "out");
  const report = await buildReport({ store: root, out, assets: fakeAssets(tempDir()) });
  assert.deepEqual(report.problems.map((problem) => problem.file), [`${garbageFile}:3`], "one problem, the garbage line (after the header and the first point)");
  for (const run of [good, garbage, huge]) assert.ok(filesOf(out).includes(`runs/${run.id}/index.html`), `${run.name} has its page`);
}
