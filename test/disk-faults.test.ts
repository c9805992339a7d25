/**
 * A full disk and a read-only store, for real: the writer (`test/workers/disk-faults.ts`) runs in a
 * private user and mount namespace (`unshare`) on a small tmpfs of its own, fills it or remounts its
 * store read-only, and reports what each call did. A refused call must say which file and why, leave
 * every existing file whole and valid, and leave nothing half-made; once there is room, the run goes on.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { TSX_LOADER } from "./workers/worker-process.js";

const WORKER = fileURLToPath(new URL("./workers/disk-faults.ts", import.meta.url));
const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const probe = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "true"]);
const skip = probe.status === 0 ? false : "needs unprivileged user namespaces (`unshare --user --map-root-user --mount`) to mount a small tmpfs";

type Failure = { code: string; message: string } | "ok";
interface Observed {
  readonly runDir: string;
  readonly experimentDir: string;
  readonly errors: Record<string, Failure>;
  readonly acked: number[];
  readonly history: number[];
  readonly problems: unknown[];
  readonly check: unknown[];
  readonly runJsonUnchanged: boolean;
  readonly record: { status: string; params: Record<string, unknown>; tags: Record<string, string> };
  readonly files: string[];
  readonly [more: string]: unknown;
}

function observe(scenario: "full" | "read-only", size: string): Observed {
  const mnt = mkdtempSync(join(tmpdir(), "runtree-disk-"));
  temps.push(mnt);
  const script = `mount -t tmpfs -o size=${size} tmpfs "$1" && shift && exec "$@"`;
  const result = spawnSync(
    "unshare",
    ["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", mnt, process.execPath, "--import", TSX_LOADER, WORKER, mnt, scenario],
    { encoding: "utf8", timeout: 120_000 },
  );
  assert.equal(result.status, 0, `${result.stderr}\n${result.error ?? ""}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Observed;
}

/** The failure of `what`, asserted to be a WRITE_FAILED naming `path` and the system's reason. */
function refused(observed: Observed, what: string, path: string, cause: RegExp): string {
  const failure = observed.errors[what];
  if (failure === undefined || failure === "ok") assert.fail(`${what} should have failed`);
  assert.equal(failure.code, "WRITE_FAILED", `${what}: ${failure.message}`);
  assert.ok(failure.message.includes(path), `${what} names ${path}: ${failure.message}`);
  assert.match(failure.message, cause, what);
  return failure.message;
}

describe("a full disk", { skip, timeout: 180_000 }, () => {
  let observed: Observed;
  const full = /no space left on the device \(ENOSPC\)$/;

  test("every log call refused for lack of space says which file and why", () => {
    observed = observe("full", "512k");
    const { runDir, experimentDir } = observed;
    refused(observed, "logMetric", join(runDir, "metrics.jsonl"), full);
    refused(observed, "setTag", join(runDir, "run.json"), full);
    refused(observed, "logParam", join(runDir, "run.json"), full);
    refused(observed, "logText", join(runDir, "artifacts", "notes.txt"), full);
    refused(observed, "end", join(runDir, "run.json"), full);
    assert.match(refused(observed, "startRun", experimentDir, full), /^cannot create the run folder /);
    assert.match(refused(observed, "startChild", experimentDir, full), /^cannot create the run folder /);
    assert.match(refused(observed, "experiment", "another-experiment", full), /^cannot create the experiment folder /);
  });

  test("run.json stays whole and unchanged while the disk is full, and a refused start leaves no folder behind", () => {
    assert.equal(observed.runJsonUnchanged, true);
    assert.deepEqual(observed["entriesWhileFull"], [observed.runDir.split("/").at(-1), "experiment.json"].sort());
  });

  test("a log call cut short by a full disk leaves no torn line: every point acknowledged before and after reads back", () => {
    assert.deepEqual(observed.history, observed.acked);
    assert.deepEqual(observed.problems, []);
    assert.deepEqual(observed.check, []);
  });

  test("once there is room the run goes on: a param whose write failed was not logged, and the run ends", () => {
    assert.equal(observed.errors["logParam after"], "ok", JSON.stringify(observed.errors["logParam after"]));
    assert.equal(observed.errors["end after"], "ok");
    assert.deepEqual(observed.record, { status: "FINISHED", params: { a: 1, b: 3 }, tags: { k: "v" } });
    assert.deepEqual(observed.files.filter((file) => file.split("/").some((part) => part.startsWith("."))), [], "no temp file left");
  });
});

describe("a read-only store", { skip, timeout: 180_000 }, () => {
  let observed: Observed;
  const readOnly = /the file system is read-only \(EROFS\)$/;

  test("every call that would write says which file and why; a history already open keeps its file", () => {
    observed = observe("read-only", "16m");
    const { runDir, experimentDir } = observed;
    refused(observed, "setTag", join(runDir, "run.json"), readOnly);
    refused(observed, "logParam", join(runDir, "run.json"), readOnly);
    refused(observed, "logMetric fresh", "metrics.jsonl", readOnly);
    refused(observed, "logText", join(runDir, "artifacts"), readOnly);
    refused(observed, "end", join(runDir, "run.json"), readOnly);
    refused(observed, "startRun", experimentDir, readOnly);
    refused(observed, "other process's store", experimentDir, readOnly);
    refused(observed, "experiment", "another-experiment", readOnly);
  });

  test("its files stay whole and valid, and it reads and builds a report as before", () => {
    assert.equal(observed.runJsonUnchanged, true);
    assert.deepEqual(observed.problems, []);
    assert.deepEqual(observed.check, []);
    assert.deepEqual(observed.history, observed.acked);
    assert.deepEqual(observed["reportOfReadOnlyStore"], { code: 0, stderr: "" });
  });

  test("a report into a read-only output folder fails with one line naming the folder and the reason", () => {
    assert.deepEqual(observed["firstReport"], { code: 0, stderr: "" });
    const { code, stderr } = observed["reportIntoReadOnlyOut"] as { code: number; stderr: string };
    assert.notEqual(code, 0);
    const lines = stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, /^runtree report: cannot write the report into \/.*\/read-only\/site: the file system is read-only \(EROFS\)$/);
  });
});
