/**
 * A user's clone has nothing beside it: every file the code, tests, scripts and CI read must be inside the
 * repository. This scans what the repository tracks for references that climb out of it: import
 * specifiers, `new URL(…, import.meta.url)`, literals that resolve to something that exists outside the
 * repo on this machine (such as a folder beside our own checkouts), and `../` in the CI script.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SCANNED = ["src", "test", "scripts", "bench", "examples", "bin", ".ci"];
/** System places a test may name on purpose (the browser, /proc for process identity, temp folders), unless they lie beside the checkout. */
const SYSTEM = ["/usr/", "/proc/", "/dev/", "/tmp", "/etc/", "/bin/", "/sys/", "/lib", "/var/"];

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

function outside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === ".." || rel.startsWith(`..${"/"}`) || isAbsolute(rel);
}

/** Every reference in `text` (the file `file`, inside `root`) to a path outside `root`. */
export function outsideReferences(root: string, file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const here = dirname(join(root, file));
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const found = (why: string) => findings.push({ file, line: index + 1, text: line.trim(), why });
    for (const m of line.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)) {
      const spec = m[1]!;
      if (spec.startsWith(".") && outside(root, resolve(here, spec))) found(`imports ${spec}`);
    }
    for (const m of line.matchAll(/new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)) {
      if (outside(root, resolve(here, m[1]!))) found(`new URL(${m[1]}) leaves the repository`);
    }
    for (const m of line.matchAll(/["'`]((?:\.\.\/)+[^"'`\s$]+)/g)) {
      const target = resolve(here, m[1]!);
      if (outside(root, target) && existsSync(target)) found(`${m[1]} names ${target}, outside the repository`);
    }
    for (const m of line.matchAll(/["'`](\/[A-Za-z0-9._-]+\/[^"'`\s$]*)/g)) {
      const path = m[1]!;
      const beside = !outside(dirname(root), path);
      if (!beside && SYSTEM.some((prefix) => path.startsWith(prefix))) continue;
      if (outside(root, path) && existsSync(path)) found(`${path} is an absolute path outside the repository`);
    }
    if (file.startsWith(".ci/") && /(^|[\s"'=])\.\.\//.test(line.replace(/"\$\(dirname "\$0"\)\/\.\."/, ""))) {
      found("the CI script climbs out of the repository");
    }
  });
  // One finding per line is enough to point at it.
  return findings.filter((finding, index) => findings.findIndex((other) => other.line === finding.line) === index);
}

test("no source, test, script, bench, example or CI file names a path outside the repository", () => {
  const files = execFileSync("git", ["ls-files", ...SCANNED], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((file) => file !== "" && !file.startsWith("test/fixtures/") && /\.(ts|mjs|js|cjs|sh)$|^\.ci\//.test(file));
  assert.ok(files.length > 50, `expected the repository's files, found ${files.length}`);
  const findings = files.flatMap((file) => outsideReferences(ROOT, file, readFileSync(join(ROOT, file), "utf8")));
  assert.deepEqual(findings, []);
});

test("the scan catches a test that reads a fixture beside the checkout", (t) => {
  // A fake checkout inside a folder that also holds a sibling `shared/`, as our own machines have.
  const parent = mkdtempSync(join(tmpdir(), "runtree-selfcontained-"));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const repo = join(parent, "clone");
  execFileSync("mkdir", ["-p", join(repo, "test"), join(parent, "shared", "fixtures")]);
  writeFileSync(join(parent, "shared", "fixtures", "x.json"), "{}");
  // Spelled through `up` so that this file, which the scan above reads too, does not hold the lines it tests.
  const up = ["..", ".."].join("/");
  const bad = [
    `const FIXTURE = fileURLToPath(new URL("${up}/shared/fixtures", import.meta.url));`,
    `const data = readFileSync(join(here, "${up}/shared/fixtures/x.json"));`,
    `import helper from "${up}/shared/helper.js";`,
    `const abs = "${join(parent, "shared", "fixtures")}/x.json";`,
    'const fine = "../../runs/0123/index.html"; // a link in a generated page, not a file we read',
  ].join("\n");
  const findings = outsideReferences(repo, "test/bad.test.ts", bad);
  assert.deepEqual(
    findings.map((f) => f.line),
    [1, 2, 3, 4],
  );
});
