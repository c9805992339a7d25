/**
 * Run names follow the experiment names' rule: no control characters. The error names the character,
 * which is usually invisible where the name is printed, and nothing is written.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openStore, RuntreeError } from "../src/index.ts";

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempStore() {
  const root = mkdtempSync(join(tmpdir(), "runtree-names-"));
  temps.push(root);
  return openStore(join(root, "mlruns"), { captureSource: false });
}

function errorOf(fn: () => unknown): RuntreeError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RuntreeError);
    return error;
  }
  assert.fail("did not throw");
}

describe("run names", () => {
  const cases: Array<[string, string]> = [
    ["trial\n2", "a line feed (U+000A) at position 5"],
    ["a\tb", "a tab (U+0009) at position 1"],
    ["\r", "a carriage return (U+000D) at position 0"],
    ["red\u001b[31m", "an escape character (U+001B) at position 3"],
    ["nul\0", "a NUL character (U+0000) at position 3"],
    ["c1\u0085", "the control character U+0085 at position 2"],
  ];
  for (const [name, said] of cases) {
    const shown = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    test(`"${shown}" is refused with INVALID_NAME naming ${said}, and nothing is written`, () => {
      const store = tempStore();
      const exp = store.experiment("e");
      const error = errorOf(() => exp.startRun({ name }));
      assert.equal(error.code, "INVALID_NAME");
      assert.ok(error.message.includes(said), error.message);
      assert.deepEqual(readdirSync(exp.path), ["experiment.json"]);
    });
  }

  test("a child's name is checked the same way, before the child exists", async () => {
    const store = tempStore();
    const exp = store.experiment("e");
    await exp.run({ name: "parent" }, async (parent) => {
      await assert.rejects(parent.child({ name: "x\ny" }, () => {}), { code: "INVALID_NAME" });
    });
    assert.equal(readdirSync(exp.path).length, 2, "the experiment.json and the parent only");
  });

  test("spaces, punctuation, emoji and non-Latin scripts are fine; an empty name picks a default", async () => {
    const store = tempStore();
    const exp = store.experiment("e");
    for (const name of ["lr = 0.1 / bs 32", "Émigré · 試行 🚀", "a\u00a0b"]) {
      const run = exp.startRun({ name });
      assert.equal(run.name, name);
      await run.end();
    }
    const unnamed = exp.startRun({ name: "" });
    assert.match(unnamed.name, /^[a-z]+-[a-z]+-\d+$/);
    await unnamed.end();
  });

  test("a name too long or not a string is refused as before", () => {
    const exp = tempStore().experiment("e");
    assert.throws(() => exp.startRun({ name: "x".repeat(251) }), { code: "INVALID_NAME" });
    assert.throws(() => exp.startRun({ name: 7 as unknown as string }), { code: "INVALID_NAME" });
  });
});

describe("experiment names", () => {
  test("the same rule, and the error names the character", () => {
    const store = tempStore();
    const error = errorOf(() => store.experiment("sweep\n2"));
    assert.equal(error.code, "INVALID_NAME");
    assert.match(error.message, /a line feed \(U\+000A\) at position 5/);
    assert.throws(() => store.experiment("  "), { code: "INVALID_NAME" });
    assert.equal(existsSync(store.root), false);
  });
});
