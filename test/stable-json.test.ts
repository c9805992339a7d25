/**
 * Key order in generated files: code-unit order, whatever order the keys came in.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sortKeys, stableJson } from "../src/format/stable-json.js";

describe("key order", () => {
  test("sortKeys puts keys in code-unit order in place, and leaves keys already in order as they are", () => {
    const keys = ["lr", "__proto__", "Z", "é", "a/b", "a", ""];
    assert.equal(sortKeys(keys), keys);
    assert.deepEqual(keys, ["", "Z", "__proto__", "a", "a/b", "lr", "é"]);
    const sorted = ["a", "b", "b", "c"];
    assert.deepEqual(sortKeys([...sorted]), sorted);
    assert.deepEqual(sortKeys(["b", "a"]), ["a", "b"]);
    assert.deepEqual(sortKeys([]), []);
  });

  test("stableJson sorts every map's keys, a key named __proto__ included", () => {
    const value = JSON.parse('{"b": 1, "__proto__": {"y": 2, "x": 3}, "a": [{"d": 4, "c": 5}]}') as unknown;
    assert.equal(stableJson(value), '{\n  "__proto__": {\n    "x": 3,\n    "y": 2\n  },\n  "a": [\n    {\n      "c": 5,\n      "d": 4\n    }\n  ],\n  "b": 1\n}\n');
  });
});
