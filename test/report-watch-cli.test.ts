/**
 * `report --watch` as a command (the installed bin/report.js, built dist/), without a browser: it builds,
 * says how it watches, rebuilds once per burst of changes with one line each, and SIGTERM ends it with
 * exit 0 and a report the next build trusts. `--poll` makes it poll; `--poll` alone is a usage error;
 * `--help` documents both.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openStore } from "../src/index.js";
import type { buildReport } from "../src/report/build.js";
import { removeTemps, tempDir } from "./report-fixtures.js";

after(removeTemps);

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/report.js");

/** Resolves once `read()` includes `text` (the test runner's timeout bounds the wait). */
async function until(read: () => string, text: string | RegExp): Promise<void> {
  while (!(typeof text === "string" ? read().includes(text) : text.test(read()))) await new Promise((resolve) => setTimeout(resolve, 25));
}

test("report --watch --poll rebuilds on a logged point, one line per rebuild, and stops on SIGTERM", { timeout: 60_000 }, async () => {
  const store = join(tempDir(), "mlruns");
  const out = join(tempDir(), "site");
  const run = openStore(store, { captureSource: false, fsync: false }).experiment("e").startRun({ name: "training" });
  run.logMetric("loss", 1, { step: 0 });
  const child = spawn(process.execPath, [BIN, store, out, "--watch", "--poll"], { stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await until(() => stdout, "report: watching ");
    assert.match(stdout, /^report: 1 experiment\(s\), 1 run\(s\) -> .*index\.html\nreport: watching .* \(polling the store: --poll\); Ctrl-C to stop\n$/);
    assert.ok(existsSync(join(out, "version.js")), "a --watch build's pages are live");
    for (let step = 1; step <= 5; step++) run.logMetric("loss", 1 / (step + 1), { step });
    await until(() => stdout, / rebuilt in /);
    const lines = stdout.trim().split("\n");
    assert.match(lines[2]!, /^report: \d\d:\d\d:\d\d rebuilt in \d+\.\d+ s: \d+ file\(s\) written \(1 experiment\(s\), 1 run\(s\)\)$/);
  } finally {
    child.kill("SIGTERM");
  }
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  assert.equal(code, 0, stderr);
  assert.match(stdout, /report: stopped \(SIGTERM\); .*index\.html is complete\n$/);
  assert.equal(stderr, "");
  const installed = (await import(pathToFileURL(join(ROOT, "dist/report/build.js")).href)) as { buildReport: typeof buildReport };
  const next = await installed.buildReport({ store, out, live: true });
  assert.equal(next.incremental, true, "the stopped watch left a report the next build trusts");
  await run.end();
});

test("--poll without --watch is a usage error; --help documents both", () => {
  const bad = spawnSync(process.execPath, [BIN, "a", "b", "--poll"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--poll goes with --watch/);
  const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
  assert.match(help.stdout, /--watch {2,}keep the report up to date/);
  assert.match(help.stdout, /--poll {2,}with --watch/);
});
