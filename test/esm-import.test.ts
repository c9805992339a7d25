import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { TSX_LOADER } from "./workers/worker-process.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const BUILT_ENTRY = join(REPO, "dist", "index.js");

// The scripts live inside the package folder, so `import ... from "runtree"` resolves through the package's
// own `exports` (self-reference), exactly as it would from node_modules: to dist/, with no tsx involved.
// A dot-folder, so neither tsc's `include` nor the test glob picks the scripts up.
const scripts = mkdtempSync(join(REPO, "test", ".esm-import-"));
const stores = mkdtempSync(join(tmpdir(), "runtree-esm-"));
after(() => {
  rmSync(scripts, { recursive: true, force: true });
  rmSync(stores, { recursive: true, force: true });
});

before(() => {
  assert.ok(existsSync(BUILT_ENTRY), `${BUILT_ENTRY} is missing: run \`npm run build\` first (\`npm test\` does).`);
});

/** Both scripts log one run and print what the reader gives back, plus where "runtree" resolved to. */
const BODY = `const store = openStore(process.argv[2]);
await store.experiment("import check").run({ name: LANG }, (run) => {
  run.logParam("lang", LANG);
  run.logMetric("loss", 0.25, { step: 2 });
});
const { runs, problems } = await readStore(store.root);
const history = await store.metricHistory(runs[0].id, "loss");
console.log(JSON.stringify({
  resolved: import.meta.resolve("runtree"),
  problems,
  runs: runs.map((r) => ({ name: r.name, status: r.status, params: r.params, metrics: r.metrics })),
  history: history.map((p) => [p.step, p.value]),
}));
`;

function expected(lang: string) {
  return {
    resolved: pathToFileURL(BUILT_ENTRY).href,
    problems: [],
    runs: [{ name: lang, status: "FINISHED", params: { lang }, metrics: { loss: 0.25 } }],
    history: [[2, 0.25]],
  };
}

test('a plain .mjs script run by node alone can `import { openStore } from "runtree"`, log a run and read it back', () => {
  const script = join(scripts, "check.mjs");
  writeFileSync(script, `import { openStore, readStore } from "runtree";\nconst LANG = "js";\n${BODY}`);
  const out = execFileSync(process.execPath, [script, join(stores, "js")], { cwd: scripts, encoding: "utf8", timeout: 60_000 });
  assert.deepEqual(JSON.parse(out), expected("js"));
});

test('a .ts script run with node --import tsx can import "runtree", log a run and read it back', () => {
  const script = join(scripts, "check.ts");
  const typed = `import { openStore, readStore, type RunRecord } from "runtree";\nconst LANG: RunRecord["name"] = "ts";\n${BODY}`;
  writeFileSync(script, typed.replace("runs[0].id", "(runs[0] as RunRecord).id"));
  const out = execFileSync(process.execPath, ["--import", TSX_LOADER, script, join(stores, "ts")], { cwd: scripts, encoding: "utf8", timeout: 60_000 });
  assert.deepEqual(JSON.parse(out), expected("ts"));
});

test('TypeScript finds the package\'s types under moduleResolution "node" (the old default) as under "node16"', () => {
  // A consumer project with the package in its node_modules, as npm would put it.
  const project = mkdtempSync(join(tmpdir(), "runtree-types-"));
  try {
    mkdirSync(join(project, "node_modules"));
    symlinkSync(REPO, join(project, "node_modules", "runtree"), "dir");
    writeFileSync(join(project, "package.json"), '{"type":"module"}\n');
    writeFileSync(
      join(project, "use.ts"),
      `import { buildReport, openStore, type BestChild, type BuildOptions, type BuildResult, type RunRecord } from "runtree";
const store = openStore("mlruns");
const best: BestChild | null = await store.bestChild("id", { metric: "loss", goal: "min" });
const all: RunRecord[] = await store.children("id", { recursive: true });
const options: BuildOptions = { store: "mlruns", out: "site" };
const result: BuildResult = await buildReport(options);
console.log(best?.value, all.length, store.getExperiment("tuning")?.name, result.runs);
// @ts-expect-error: a typo in an option is caught, which proves the types were found
await store.children("id", { recursiv: true });
`,
    );
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    for (const [resolution, module] of [["node", "esnext"], ["node16", "node16"]]) {
      const compilerOptions = { module, moduleResolution: resolution, target: "es2022", strict: true, noEmit: true, types: [] };
      writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["use.ts"] }));
      const run = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", timeout: 120_000 });
      assert.equal(run.status, 0, `moduleResolution ${resolution}:\n${run.stdout}${run.stderr}`);
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
