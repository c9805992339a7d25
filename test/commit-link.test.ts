import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { commitUrl, shownRemote } from "../src/report/commit-link.js";

const SHA = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";

/** [recorded remote, the commit page it links to (or null: no link)] */
const CASES: ReadonlyArray<readonly [string | undefined, string | null]> = [
  ["https://github.com/acme/models.git", `https://github.com/acme/models/commit/${SHA}`],
  ["https://github.com/acme/models", `https://github.com/acme/models/commit/${SHA}`],
  ["https://github.com/acme/models/", `https://github.com/acme/models/commit/${SHA}`],
  ["https://GitHub.com/acme/models.git", `https://github.com/acme/models/commit/${SHA}`],
  ["https://gitlab.com/group/sub/models.git", `https://gitlab.com/group/sub/models/-/commit/${SHA}`],
  ["https://bitbucket.org/acme/models.git", `https://bitbucket.org/acme/models/commits/${SHA}`],
  ["https://codeberg.org/acme/models.git", `https://codeberg.org/acme/models/commit/${SHA}`],
  // credentials are dropped, never carried into the link
  ["https://bot:ghp_secret@github.com/acme/models.git", `https://github.com/acme/models/commit/${SHA}`],
  // no link: not https, not a known forge, not a plain repository path
  ["http://github.com/acme/models.git", null],
  ["git@github.com:acme/models.git", null],
  ["ssh://git@github.com/acme/models.git", null],
  ["https://github.example.com/acme/models.git", null],
  ["https://github.com.evil.example/acme/models.git", null],
  ["https://github.com:8443/acme/models.git", null],
  ["https://github.com/acme", null],
  ["https://github.com/acme/models/extra", null],
  ["https://github.com/acme/../models", null],
  ["https://github.com/acme/%3Cscript%3E", null],
  ["https://github.com/acme/models?x=1", null],
  ["javascript:alert(1)//github.com/acme/models", null],
  ["not a url", null],
  [undefined, null],
];

describe("a commit's link", () => {
  for (const [remote, expected] of CASES) {
    test(`${remote ?? "no remote"} → ${expected ?? "no link"}`, () => {
      assert.equal(commitUrl(remote, SHA), expected);
    });
  }

  test("a commit that is not a hex id gets no link", () => {
    assert.equal(commitUrl("https://github.com/acme/models", "HEAD"), null);
    assert.equal(commitUrl("https://github.com/acme/models", "1a2b3c"), null);
  });

  test("a remote is shown without its credentials", () => {
    assert.equal(shownRemote("https://bot:ghp_secret@github.com/acme/models.git"), "https://github.com/acme/models.git");
    assert.equal(shownRemote("https://token@gitlab.com/g/r.git"), "https://gitlab.com/g/r.git");
    assert.equal(shownRemote("git@github.com:acme/models.git"), "git@github.com:acme/models.git");
  });
});
