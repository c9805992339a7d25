import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { joinUnder } from "../src/source/join-under.ts";

test("joinUnder gives path.join's string for every root and relative path, plain or not", () => {
  assert.equal(joinUnder("out/")("runs/0123/index.html"), "out/runs/0123/index.html");
  assert.equal(joinUnder(".")("runs/a"), "runs/a");
  assert.equal(joinUnder("/")("runs/a"), "/runs/a");
  const roots = ["out", "out/", "/tmp/x", "/", ".", "./", "", "a/../b", "a//b/", "../up", "./a"];
  const relatives = ["a", "a/b", "index.html", ".hidden/x", "..x/x..", "b c/d", "a/", "", ".", "..", "a/./b", "a/../b", "a//b", "/abs", "../../etc/passwd", "a/.."];
  for (const root of roots) {
    const under = joinUnder(root);
    for (const relative of relatives) assert.equal(under(relative), join(root, relative), `${JSON.stringify(root)} + ${JSON.stringify(relative)}`);
  }
});
