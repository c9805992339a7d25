/**
 * The experiment page's chart panel in the URL hash (src/client/explore/explore-hash.ts): a round trip of
 * every part, columns the experiment lacks or of the wrong kind dropped, and the table's parts left alone.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CLOSED, decodeExploreHash, encodeExploreHash, EXPLORE_HASH_NAMES } from "../src/client/explore/explore-hash.js";
import { ownParts } from "../src/client/hash-parts.js";
import { VIEW_HASH_NAMES } from "../src/client/runs/view-state.js";

const columns = new Set(["params.lr", "params.a&b=c,d", "metrics.loss", "metrics.val loss"]);

test("every part of the panel's state survives the hash, keys with & = , and spaces too", () => {
  const state = { open: true, x: "params.a&b=c,d", y: "metrics.val loss", color: "params.lr", bar: "metrics.loss", order: "desc" } as const;
  const hash = encodeExploreHash(state);
  assert.equal(hash, "g=1&gx=params.a%26b%3Dc%2Cd&gy=metrics.val%20loss&gc=params.lr&gb=metrics.loss&go=desc");
  assert.deepEqual(decodeExploreHash(`#${hash}`, columns), state);
});

test("a closed panel on its defaults writes nothing", () => {
  assert.equal(encodeExploreHash(CLOSED), "");
  assert.deepEqual(decodeExploreHash("", columns), CLOSED);
});

const dropped: Array<[string, string]> = [
  ["gx=params.nope", "a column the experiment does not have"],
  ["gy=params.lr", "a param up (the y axis takes metrics)"],
  ["gb=params.lr", "a param for the bars"],
  ["gc=metrics.loss", "a metric as the colour (colours are by param)"],
  ["gx=%E0%A4%A", "a malformed percent-encoding"],
  ["go=sideways&g=yes", "an unknown order or open flag"],
];
for (const [hash, what] of dropped) {
  test(`the panel falls back to its default for ${what}`, () => {
    assert.deepEqual(decodeExploreHash(hash, columns), CLOSED);
  });
}

test("the panel and the runs table own different names of one hash", () => {
  const hash = "#f=metrics.loss%20%3C%201&g=1&s=metrics.loss:asc&gx=params.lr&p=2";
  assert.equal(ownParts(hash, EXPLORE_HASH_NAMES), "g=1&gx=params.lr");
  assert.equal(ownParts(hash, VIEW_HASH_NAMES), "f=metrics.loss%20%3C%201&s=metrics.loss:asc&p=2");
  assert.deepEqual(EXPLORE_HASH_NAMES.filter((name) => VIEW_HASH_NAMES.includes(name)), []);
});
