import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runCli } from "./workers/cli-runner.js";
import { openStore } from "../src/index.js";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const run = runCli;

async function sampleStore() {
  const root = mkdtempSync(join(tmpdir(), "runtree-cli-"));
  temps.push(root);
  const store = openStore(join(root, "mlruns"), { captureSource: false });
  const ids: Record<string, string> = {};
  await store.experiment("tuning").run({ name: "sweep", tags: { round: "r2" } }, async (sweep) => {
    ids["sweep"] = sweep.id;
    for (const lr of [0.1, 0.01]) {
      await sweep.child({ name: `lr=${lr}`, params: { lr }, tags: { round: "r2" } }, (trial) => {
        ids[trial.name] = trial.id;
        trial.logMetric("loss", lr * 3);
        trial.logMetric("odd", NaN);
      });
    }
  });
  return { root, store: join(root, "mlruns"), ids };
}

describe("runtree", () => {
  test("--help lists every command and exits 0; no command is a usage error", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    for (const command of ["report", "search", "check", "import mlflow", "export mlflow"]) assert.match(help.stdout, new RegExp(command));
    assert.equal((await run([])).code, 2);
  });

  test("--version prints the package version", async () => {
    const { code, stdout } = await run(["--version"]);
    assert.equal(code, 0);
    assert.match(stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test("an unknown command is one line on stderr and exit 2", async () => {
    const { code, stderr } = await run(["frobnicate"]);
    assert.equal(code, 2);
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.match(stderr, /unknown command "frobnicate"/);
  });

  for (const command of ["report", "search", "check", "import", "export"]) {
    test(`${command} --help prints its usage and exits 0; an unknown option exits 2`, async () => {
      const help = await run([command, "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: /);
      const bad = await run([command, "--no-such-option"]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /no-such-option/);
    });
  }
});

describe("runtree search", () => {
  test("prints a table of the matching runs, ordered as asked", async () => {
    const { store, ids } = await sampleStore();
    const { code, stdout } = await run(["search", store, "tags.round = 'r2' and metrics.loss < 1", "--order-by", "metrics.loss ASC"]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^RUN ID\s+EXPERIMENT\s+NAME\s+STATUS\s+PARENT\s+tags\.round\s+metrics\.loss\s+METRICS$/);
    assert.ok(lines[1]!.startsWith(ids["lr=0.01"]!));
    assert.ok(lines[2]!.startsWith(ids["lr=0.1"]!));
    assert.equal(lines[3], "(2 runs)");
  });

  test("--json prints records with NaN spelled as a string, without local paths", async () => {
    const { store, ids } = await sampleStore();
    const { code, stdout } = await run(["search", store, `attributes.run_id = '${ids["lr=0.1"]}'`, "--json"]);
    assert.equal(code, 0);
    const [record] = JSON.parse(stdout) as Array<Record<string, unknown>>;
    assert.equal(record!["name"], "lr=0.1");
    assert.equal(record!["parentId"], ids["sweep"]);
    assert.deepEqual(record!["metrics"], { loss: 0.30000000000000004, odd: "NaN" });
    assert.equal(record!["dir"], undefined);
  });

  test("a bad filter exits 2 and points at the position", async () => {
    const { store } = await sampleStore();
    const { code, stderr } = await run(["search", store, "metrics.loss <"]);
    assert.equal(code, 2);
    assert.match(stderr, /Expected a number at position 14/);
    assert.match(stderr, /\n {14}\^\n$/);
  });

  test("a missing store exits 2", async () => {
    assert.equal((await run(["search", "/no/such/store"])).code, 2);
  });
});

describe("runtree check", () => {
  test("a clean store exits 0; a damaged one exits 1 with one line per problem", async () => {
    const { store, ids } = await sampleStore();
    const clean = await run(["check", store]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stderr, "");
    assert.match(clean.stdout, /^ok: 1 experiments, 3 runs, 4 metric points\n$/);

    writeFileSync(join(store, "tuning", ids["lr=0.1"]!, "run.json"), "{ torn");
    writeFileSync(join(store, "tuning", ids["lr=0.01"]!, "metrics.jsonl"), '{"format":1,"run":"' + ids["lr=0.01"] + '"}\n{"key":"loss","value":"high","step":0,"timestamp":1}\n');
    const damaged = await run(["check", store]);
    assert.equal(damaged.code, 1);
    const lines = damaged.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3, damaged.stdout);
    assert.equal(lines[2], "2 problem(s) in 1 experiments, 2 runs, 0 metric points");
    // Sorted by file: lr=0.1 started first, so its (smaller, time-ordered) id comes first.
    assert.match(lines[0]!, new RegExp(`^tuning/${ids["lr=0.1"]}/run.json: not valid JSON`));
    assert.match(lines[1]!, new RegExp(`^tuning/${ids["lr=0.01"]}/metrics.jsonl:2: /value must be number`));
  });

  test("a missing store exits 2", async () => {
    const { code, stderr } = await run(["check", "/no/such/store"]);
    assert.equal(code, 2);
    assert.match(stderr, /Store not found/);
  });
});

describe("the installed commands (bin/report.js, bin/runtree.js, built dist/)", () => {
  const ROOT = new URL("..", import.meta.url).pathname;
  function spawn(bin: string, args: string[]) {
    return spawnSync(process.execPath, [join(ROOT, "bin", bin), ...args], { encoding: "utf8", timeout: 60_000 });
  }

  test("report builds a site and exits 0; a missing store exits 2 with one line on stderr", async () => {
    const { root, store } = await sampleStore();
    const ok = spawn("report.js", [store, join(root, "site"), "--quiet"]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(existsSync(join(root, "site", "index.html")));
    const missing = spawn("report.js", [join(root, "nope"), join(root, "site2")]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr.trim().split("\n").length, 1);
    assert.equal(existsSync(join(root, "site2")), false);
  });

  test("runtree check exits 1 on a damaged store, and runtree --version prints the package's version", async () => {
    const { store, ids } = await sampleStore();
    writeFileSync(join(store, "tuning", ids["sweep"]!, "run.json"), "{");
    const check = spawn("runtree.js", ["check", store]);
    assert.equal(check.status, 1);
    assert.match(check.stdout, /run\.json: not valid JSON/);
    const version = spawn("runtree.js", ["--version"]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(version.stdout, `${pkg.version}\n`);
  });
});
