/**
 * The CI recipe in examples/ci/ is what users copy: it must parse as YAML, have the shape GitHub Actions
 * and pre-commit read, name only commands and options our CLI has, and be what the README shows.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { main } from "../src/cli/main.js";

const ROOT = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Strict YAML 1.2: duplicate keys, bad indentation or tabs are errors, not guesses. */
function parseYaml(path: string): unknown {
  return parse(read(path), { strict: true, uniqueKeys: true, prettyErrors: true });
}

async function helpOf(command: string): Promise<{ code: number; text: string }> {
  let text = "";
  const sink = { write: (chunk: string) => (text += chunk) };
  const code = await main([command, "--help"], { stdout: sink, stderr: sink, cwd: ROOT, env: {} });
  return { code, text };
}

/**
 * Every runtree invocation in a shell script (`npx runtree <command> ...` or `npx report ...`), with the
 * options it passes. Anything after a shell operator belongs to another command.
 */
function invocations(script: string): { command: string; options: string[] }[] {
  const found: { command: string; options: string[] }[] = [];
  for (const line of script.split(/\n|&&|\|\||;|\|/)) {
    const words = line.trim().split(/\s+/);
    const at = words.findIndex((word, i) => word === "npx" && /^(runtree|report)$/.test(words[i + 1] ?? ""));
    if (at < 0) continue;
    const tool = words[at + 1]!;
    const command = tool === "report" ? "report" : (words[at + 2] ?? "");
    found.push({ command, options: words.filter((word) => /^--[a-z]/.test(word)).map((word) => word.replace(/=.*/, "")) });
  }
  return found;
}

async function assertCommandsExist(scripts: readonly string[]): Promise<number> {
  let count = 0;
  for (const script of scripts) {
    for (const { command, options } of invocations(script)) {
      count++;
      const help = await helpOf(command);
      assert.equal(help.code, 0, `"runtree ${command}" is a command (its --help exits 0)`);
      for (const option of options) assert.match(help.text, new RegExp(`^\\s+${option}\\b`, "m"), `runtree ${command} has ${option}`);
    }
  }
  return count;
}

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

describe("the CI recipe", () => {
  test("the GitHub Actions workflow parses, runs on pull requests, and names only commands and options we have", async () => {
    const workflow = parseYaml("examples/ci/runtree-pr.yml") as { on: Record<string, unknown>; jobs: Record<string, { steps: Step[] }> };
    assert.ok(Object.hasOwn(workflow.on, "pull_request"), "triggered by pull_request");
    assert.ok(!Object.hasOwn(workflow.on, "pull_request_target"), "never pull_request_target: the branch's code must not get a write token");
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    for (const step of steps) assert.ok((step.uses === undefined) !== (step.run === undefined), `a step has uses or run: ${JSON.stringify(step)}`);
    const checkout = steps.find((step) => step.uses?.startsWith("actions/checkout@"));
    assert.equal(checkout?.with?.["fetch-depth"], 0, "the full history, so the base is there to diff against");
    assert.ok(steps.some((step) => step.uses?.startsWith("actions/upload-artifact@")), "the report is uploaded");
    const scripts = steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    const named = invocations(scripts.join("\n")).map((call) => call.command);
    for (const command of ["check", "report", "diff"]) assert.ok(named.includes(command), `the workflow runs ${command}`);
    assert.ok(scripts.some((script) => /runtree diff .*--format markdown/.test(script)), "the diff is made as markdown");
    assert.ok(scripts.some((script) => /gh pr comment .*--body-file runtree-diff\.md/.test(script)), "the diff is posted as a comment");
    assert.equal(await assertCommandsExist(scripts), named.length);
  });

  test("the pre-commit entry parses and runs runtree check on the store, once per commit", async () => {
    const config = parseYaml("examples/ci/pre-commit-config.yaml") as { repos: { repo: string; hooks: Record<string, unknown>[] }[] };
    const hook = config.repos.flatMap((repo) => repo.hooks).find((entry) => entry["id"] === "runtree-check");
    assert.ok(hook, "a runtree-check hook");
    assert.equal(hook["language"], "system");
    assert.equal(hook["pass_filenames"], false, "the whole store is checked, not the staged file names");
    assert.deepEqual(invocations(String(hook["entry"])), [{ command: "check", options: [] }]);
    assert.equal(await assertCommandsExist([String(hook["entry"])]), 1);
  });

  test("the README shows both files as they are", () => {
    const readme = read("README.md");
    for (const path of ["examples/ci/runtree-pr.yml", "examples/ci/pre-commit-config.yaml"]) {
      assert.ok(readme.includes("```yaml\n" + read(path) + "```"), `README.md shows ${path} verbatim`);
    }
  });

  test("the option check itself rejects what the CLI does not have", async () => {
    await assert.rejects(assertCommandsExist(["npx runtree diff origin/main --no-such-option"]));
    await assert.rejects(assertCommandsExist(["npx runtree frobnicate"]));
  });
});
