/**
 * The runs table's view state without a browser: the URL hash, the filter box's text, which rows are
 * expanded. The browser test (browser.test.ts) checks the same rules through the DOM.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isExpanded, setAuto, setExpanded, type Expansion } from "../src/client/runs/expansion.js";
import { compileFilterText } from "../src/client/runs/filter-compile.js";
import { entityHint } from "../src/search/hints.js";
import { EMPTY_VIEW, decodeViewHash, encodeViewHash } from "../src/client/runs/view-state.js";

describe("view hash", () => {
  test("a view survives the round trip through the hash, keys with separators included", () => {
    const view = {
      filter: "params.`a,b` = 'x&y=z' and metrics.loss < 0.5",
      newOnly: true,
      sort: { column: "metrics.val:loss", direction: "desc" as const },
      expanded: new Set(["b1", "a1"]),
      collapsed: new Set(["c1"]),
      columns: ["params.a,b", "metrics.val:loss"],
      page: 3,
    };
    const hash = encodeViewHash(view);
    assert.equal(hash.split("&").length, 7);
    assert.deepEqual(decodeViewHash(`#${hash}`), { ...view, expanded: new Set(["a1", "b1"]) });
  });

  test("the empty view has an empty hash and an empty hash gives the empty view", () => {
    assert.equal(encodeViewHash(EMPTY_VIEW), "");
    assert.deepEqual(decodeViewHash(""), EMPTY_VIEW);
  });

  test("malformed parts are ignored instead of breaking the page", () => {
    const view = decodeViewHash("#f=%E0%A4%A&s=metrics.loss:sideways&p=-2&x=%ZZ,ok&junk&=x");
    assert.deepEqual(view, { ...EMPTY_VIEW, expanded: new Set(["ok"]) });
  });

  test("an empty column list is kept apart from no choice at all", () => {
    assert.deepEqual(decodeViewHash("c=").columns, []);
    assert.equal(decodeViewHash("f=x").columns, null);
  });
});

describe("filter text", () => {
  test("a filter that does not parse reports where it failed", () => {
    const compiled = compileFilterText("metrics.loss <");
    assert.equal(compiled.ok, false);
    assert.ok(!compiled.ok && compiled.position === 14 && compiled.message.endsWith(`\n${" ".repeat(14)}^`));
  });

  test("a bare word or unknown entity gets a hint naming only the keys the experiment has", () => {
    const keys = { paramKeys: ["lr"], metricKeys: ["lr"], tagKeys: ["test_identifier"] };
    const bare = compileFilterText("test_identifier = 'x'");
    assert.ok(!bare.ok);
    assert.equal(entityHint(bare.expected, bare.found, keys), "did you mean tags.test_identifier?");
    const dotted = compileFilterText("foo.lr = 1");
    assert.ok(!dotted.ok);
    assert.equal(entityHint(dotted.expected, dotted.found, keys), "did you mean params.lr or metrics.lr?");
    const unknown = compileFilterText("nothing = 1");
    assert.ok(!unknown.ok);
    assert.equal(entityHint(unknown.expected, unknown.found, keys), null);
    const other = compileFilterText("metrics.lr <");
    assert.ok(!other.ok);
    assert.equal(entityHint(other.expected, other.found, keys), null);
  });

  test("a blank filter is no filter", () => {
    assert.deepEqual(compileFilterText("   "), { ok: true, filter: null });
  });
});

describe("expansion", () => {
  test("rows a filter opened can be closed by hand, and a new filter forgets those closings", () => {
    const state: Expansion = { expanded: new Set(), collapsed: new Set(), auto: new Set(["p"]) };
    assert.equal(isExpanded(state, "p"), true);
    setExpanded(state, "p", false);
    assert.equal(isExpanded(state, "p"), false);
    assert.deepEqual([...state.collapsed], ["p"]);
    assert.deepEqual([...state.expanded], []);
    setAuto(state, new Set(["p"]));
    assert.equal(isExpanded(state, "p"), true);
  });

  test("rows opened by hand are recorded as such", () => {
    const state: Expansion = { expanded: new Set(), collapsed: new Set(), auto: new Set() };
    setExpanded(state, "q", true);
    assert.deepEqual([...state.expanded], ["q"]);
    setExpanded(state, "q", false);
    assert.deepEqual([...state.expanded], []);
    assert.deepEqual([...state.collapsed], []);
  });
});
