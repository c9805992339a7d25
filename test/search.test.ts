/**
 * The search language, as a specification: a handful of runs, then tables of filters, order-by clauses and
 * bad inputs with what each must produce.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { RuntreeError } from "../src/errors.js";
import {
  END_OF_INPUT,
  SearchSyntaxError,
  compareRunsBy,
  compileFilter,
  formatSearchError,
  matchesFilter,
  parseFilter,
  parseOrderBy,
  searchRuns,
  type SearchableRun,
} from "../src/search/index.js";

function run(fields: Partial<SearchableRun> & Pick<SearchableRun, "id" | "name" | "startTime">): SearchableRun {
  return {
    parentId: null,
    status: "FINISHED",
    endTime: null,
    params: {},
    metrics: {},
    tags: {},
    experiment: "mnist",
    ...fields,
  };
}

// Ids do not follow names or start order, so a test that relies on input order fails.
const RUNS: readonly SearchableRun[] = [
  run({
    id: "c3", name: "baseline", startTime: 1000, endTime: 2000,
    params: { model: "cnn", lr: 0.01, batch_size: "32", use_bn: true, "my key": "x y", seed: 7 },
    metrics: { acc: 0.9, loss: 0.3, "train/loss": 0.25, "val loss": 0.35 },
    tags: { team: "vision", note: "Baseline 100%" },
    source: { git: { commit: "3f2a9c1d0e5b7a6f4c3d2e1f0a9b8c7d6e5f4a3b" } },
  }),
  run({
    id: "a1", name: "sweep", status: "RUNNING", startTime: 2000,
    params: { model: "mlp", optimizer: "adam" },
    metrics: { acc: 0.8 },
    tags: { team: "nlp" },
  }),
  run({
    id: "e5", name: "trial-1", parentId: "a1", startTime: 3000, endTime: 4000,
    params: { lr: 0.001, batch_size: "64", use_bn: false, optimizer: "adam", model: "mlp" },
    metrics: { acc: 0.95, loss: NaN },
    source: { git: { commit: "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9" } },
  }),
  run({
    id: "b0", name: "trial-3", parentId: "a1", startTime: 3000, endTime: 3900,
    params: { lr: 0.001, optimizer: "Adam", model: "mlp" },
    metrics: { acc: 0.95, loss: 0.2 },
    tags: { "sub/dir": "a:b" },
    source: { git: { commit: "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9" } },
  }),
  run({
    id: "d4", name: "trial-2", parentId: "a1", status: "FAILED", startTime: 4000, endTime: 4500,
    params: { lr: "0.1", batch_size: "128", optimizer: "sgd", model: "mlp" },
    metrics: { acc: 0.7, loss: 1.5, "train/loss": 1.2 },
    // A real tag with a system name: the run's name wins.
    tags: { "mlflow.runName": "bogus", team: "vision" },
  }),
  {
    // Like the report's ClientRun: no experiment field.
    id: "f6", name: "trial-2-retry", parentId: "d4", status: "KILLED", startTime: 5000, endTime: 5100,
    params: { lr: "fast", optimizer: "sgd" },
    metrics: { loss: 0.5 },
    tags: { team: "Vision", quote: "it's", path: "C:\\data" },
  },
];

const ALL = RUNS.map((r) => r.name);
const except = (...names: string[]): string[] => ALL.filter((name) => !names.includes(name));

function namesMatching(filter: string): string[] {
  return RUNS.filter(compileFilter(filter)).map((r) => r.name);
}

/** [filter, names of the matching runs in fixture order] */
const FILTERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  // metrics: numeric comparators; NaN fails every relation but !=; a missing metric fails all
  ["metrics.acc = 0.9", ["baseline"]],
  ["metrics.acc != 0.9", ["sweep", "trial-1", "trial-3", "trial-2"]],
  ["metrics.acc > 0.9", ["trial-1", "trial-3"]],
  ["metrics.acc >= 0.9", ["baseline", "trial-1", "trial-3"]],
  ["metrics.acc < 0.8", ["trial-2"]],
  ["metrics.acc <= 0.8", ["sweep", "trial-2"]],
  ["metrics.acc>.9", ["trial-1", "trial-3"]],
  ["metrics.acc > -1", except("trial-2-retry")],
  ["metrics.acc < 9e-1", ["sweep", "trial-2"]],
  ["metrics.loss > 0", ["baseline", "trial-3", "trial-2", "trial-2-retry"]],
  ["metrics.loss <= 1e9", ["baseline", "trial-3", "trial-2", "trial-2-retry"]],
  ["metrics.loss != 0.3", ["trial-1", "trial-3", "trial-2", "trial-2-retry"]],
  ["metrics.acc IN (0.9, 0.7)", ["baseline", "trial-2"]],
  ["metrics.acc NOT IN (0.9, 0.7)", ["sweep", "trial-1", "trial-3"]],
  ["metrics.acc IS NULL", ["trial-2-retry"]],
  ["metrics.loss IS NOT NULL", except("sweep")],
  // keys: unquoted with / . : -, or quoted with backticks, double or single quotes
  ["metrics.train/loss < 1", ["baseline"]],
  ['metrics."val loss" = 0.35', ["baseline"]],
  ["metrics.`val loss` = 0.35", ["baseline"]],
  ["metrics.'val loss' = 0.35", ["baseline"]],
  ["params.`my key` = 'x y'", ["baseline"]],
  ["tags.sub/dir = 'a:b'", ["trial-3"]],

  // params: JSON types kept; numbers meet numbers, everything else meets as text
  ["params.model = 'cnn'", ["baseline"]],
  ['params.model = "cnn"', ["baseline"]],
  ["params.model != 'cnn'", ["sweep", "trial-1", "trial-3", "trial-2"]],
  ["params.lr < 0.01", ["trial-1", "trial-3"]],
  ["params.lr <= 0.1", ["baseline", "trial-1", "trial-3", "trial-2"]],
  // "fast" is not a number, so it meets 0.01 as text, and "f" sorts after "0"
  ["params.lr > 0.01", ["trial-2", "trial-2-retry"]],
  ["params.lr = '0.01'", ["baseline"]],
  ["params.lr = '1e-3'", ["trial-1", "trial-3"]],
  ["params.lr = 0.1", ["trial-2"]],
  ["params.lr = '0.10'", []],
  ["params.batch_size > 50", ["trial-1", "trial-2"]],
  // Both sides numeric-looking: ordered as numbers (MLflow stores every param as text), so "128" > '50'.
  ["params.batch_size > '50'", ["trial-1", "trial-2"]],
  ["params.batch_size = '64.0'", []],
  ["params.seed >= 7", ["baseline"]],
  ["params.use_bn = 'true'", ["baseline"]],
  ["params.use_bn = 'True'", ["baseline"]],
  ["params.use_bn = 'False'", ["trial-1"]],
  ["params.use_bn != 'true'", ["trial-1"]],
  ["params.use_bn LIKE 't%'", ["baseline"]],
  ["params.optimizer LIKE 'a%'", ["sweep", "trial-1"]],
  ["params.optimizer ILIKE 'a%'", ["sweep", "trial-1", "trial-3"]],
  ["params.optimizer LIKE '_dam'", ["sweep", "trial-1", "trial-3"]],
  ["params.optimizer LIKE 's_d'", ["trial-2", "trial-2-retry"]],
  ["params.optimizer LIKE 's_'", []],
  ["params.lr LIKE '0.0%'", ["baseline", "trial-1", "trial-3"]],
  ["params.optimizer IN ('sgd', 'adam')", ["sweep", "trial-1", "trial-2", "trial-2-retry"]],
  ["params.optimizer NOT IN ('sgd', 'adam')", ["trial-3"]],
  ["params.lr IN (0.001, '0.1')", ["trial-1", "trial-3", "trial-2"]],
  ["params.optimizer IS NULL", ["baseline"]],
  ["params.optimizer IS NOT NULL", except("baseline")],

  // tags: strings; LIKE escapes with a backslash
  ["tags.team = 'vision'", ["baseline", "trial-2"]],
  ["tags.team != 'vision'", ["sweep", "trial-2-retry"]],
  ["tags.team LIKE 'vis%'", ["baseline", "trial-2"]],
  ["tags.team ILIKE 'VISION'", ["baseline", "trial-2", "trial-2-retry"]],
  ["tags.team > 'o'", ["baseline", "trial-2"]],
  ["tags.team IN ('nlp', 'Vision')", ["sweep", "trial-2-retry"]],
  ["tags.team NOT IN ('nlp')", ["baseline", "trial-2", "trial-2-retry"]],
  ["tags.team IS NULL", ["trial-1", "trial-3"]],
  ["tags.note LIKE '%100\\%'", ["baseline"]],
  ["tags.note LIKE 'Baseline 100_'", ["baseline"]],
  ["tags.note LIKE '%100'", []],
  // MLflow's system tags read the run's name and parent
  ["tags.mlflow.runName = 'trial-2'", ["trial-2"]],
  ["tags.mlflow.runName = 'bogus'", []],
  ["tags.mlflow.parentRunId = 'a1'", ["trial-1", "trial-3", "trial-2"]],
  ['tags."mlflow.parentRunId" IS NULL', ["baseline", "sweep"]],

  // attributes
  ["attributes.run_id = 'c3'", ["baseline"]],
  ["attributes.run_id IN ('c3', 'f6')", ["baseline", "trial-2-retry"]],
  ["attributes.run_id NOT IN ('c3')", except("baseline")],
  ["attributes.run_name LIKE 'trial-_'", ["trial-1", "trial-3", "trial-2"]],
  ["attributes.run_name ILIKE 'TRIAL-%'", ["trial-1", "trial-3", "trial-2", "trial-2-retry"]],
  ["attributes.run_name != 'sweep'", except("sweep")],
  ["attributes.status = 'FINISHED'", ["baseline", "trial-1", "trial-3"]],
  ["attributes.status != 'FINISHED'", ["sweep", "trial-2", "trial-2-retry"]],
  ["attributes.start_time >= 3000", ["trial-1", "trial-3", "trial-2", "trial-2-retry"]],
  ["attributes.start_time < 2000", ["baseline"]],
  ["attributes.end_time > 4000", ["trial-2", "trial-2-retry"]],
  ["attributes.end_time <= 4000", ["baseline", "trial-1", "trial-3"]],
  ["attributes.end_time IS NULL", ["sweep"]],
  ["attributes.parent_id = 'a1'", ["trial-1", "trial-3", "trial-2"]],
  ["attributes.parent_id != 'a1'", ["trial-2-retry"]],
  ["attributes.parent_id IS NULL", ["baseline", "sweep"]],
  ["attributes.experiment = 'mnist'", except("trial-2-retry")],
  ["attributes.experiment IS NULL", ["trial-2-retry"]],
  // the commit recorded at the run's start: the full id, or a short one as a LIKE prefix
  ["attributes.git_commit = '3f2a9c1d0e5b7a6f4c3d2e1f0a9b8c7d6e5f4a3b'", ["baseline"]],
  ["attributes.git_commit = '3f2a9c1'", []],
  ["attributes.git_commit LIKE '3f2a9c1%'", ["baseline"]],
  ["run.git_commit LIKE 'a0b1c2d%'", ["trial-1", "trial-3"]],
  ["attributes.git_commit IN ('3f2a9c1d0e5b7a6f4c3d2e1f0a9b8c7d6e5f4a3b')", ["baseline"]],
  ["attributes.git_commit IS NULL", ["sweep", "trial-2", "trial-2-retry"]],
  ["attributes.git_commit != '3f2a9c1d0e5b7a6f4c3d2e1f0a9b8c7d6e5f4a3b'", ["trial-1", "trial-3"]],

  // aliases and case: prefixes, keywords and attribute names ignore case; MLflow's bare attributes work
  ["metric.acc = 0.9", ["baseline"]],
  ["METRICS.acc = 0.9", ["baseline"]],
  ["param.model = 'cnn'", ["baseline"]],
  ["parameters.model = 'cnn'", ["baseline"]],
  ["tag.team = 'nlp'", ["sweep"]],
  ["Tags.team = 'nlp'", ["sweep"]],
  ["attribute.status = 'FAILED'", ["trial-2"]],
  ["attr.status = 'FAILED'", ["trial-2"]],
  ["run.status = 'FAILED'", ["trial-2"]],
  ["attributes.STATUS = 'FAILED'", ["trial-2"]],
  ["status = 'FAILED'", ["trial-2"]],
  ["attributes.created < 2000", ["baseline"]],
  ['attributes."run name" = \'sweep\'', ["sweep"]],
  ["run.status is not null and metrics.acc in (0.7) ", ["trial-2"]],
  // MLflow's backquoted entity types (the examples), and a quoted bare attribute
  ["`metric`.acc >= 0.9", ["baseline", "trial-1", "trial-3"]],
  ["`tags`.team = 'nlp'", ["sweep"]],
  ["`params`.`my key` = 'x y' AND `run`.status = 'FINISHED'", ["baseline"]],
  ["`run name` = 'sweep'", ["sweep"]],
  ['"status" = \'FAILED\'', ["trial-2"]],
  ["params.optimizer ilike 'ADAM'", ["sweep", "trial-1", "trial-3"]],

  // strings: either quote, escaped by doubling or with a backslash; other backslashes are kept
  ["tags.quote = 'it''s'", ["trial-2-retry"]],
  ["tags.quote = 'it\\'s'", ["trial-2-retry"]],
  ['tags.quote = "it\'s"', ["trial-2-retry"]],
  ["tags.path = 'C:\\data'", ["trial-2-retry"]],

  // logic: NOT binds tighter than AND, AND tighter than OR; parentheses group
  ["params.model = 'mlp' AND metrics.acc > 0.9", ["trial-1", "trial-3"]],
  ["params.model = 'cnn' OR metrics.acc < 0.8", ["baseline", "trial-2"]],
  ["metrics.acc > 0.9 OR metrics.acc < 0.8 AND params.optimizer = 'sgd'", ["trial-1", "trial-3", "trial-2"]],
  ["(metrics.acc > 0.9 OR metrics.acc < 0.8) AND params.optimizer = 'adam'", ["trial-1"]],
  ["NOT params.model = 'cnn' AND metrics.acc > 0.9", ["trial-1", "trial-3"]],
  ["NOT (params.model = 'cnn' OR metrics.acc > 0.9)", ["sweep", "trial-2", "trial-2-retry"]],
  ["NOT NOT attributes.status = 'FAILED'", ["trial-2"]],
  ["metrics.acc > 0.9\n  AND params.optimizer = 'adam'", ["trial-1"]],
  ["", ALL],
  ["   ", ALL],

  // two-valued logic: a condition on a missing key is false, so NOT of it is true
  ["params.x != 'a'", []],
  ["params.x NOT IN ('a')", []],
  ["NOT params.x = 'a'", ALL],
  ["NOT params.model = 'cnn'", except("baseline")],

  // keys are data: nothing reaches Object.prototype
  ["params.constructor IS NULL", ALL],
  ["params.__proto__ = 'x'", []],
  ["tags.toString IS NOT NULL", []],
];

/** [order-by clauses, run names in result order] */
const ORDERS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  // the natural order: newest first, then id ("b0" before "e5" at the same start)
  [[], ["trial-2-retry", "trial-2", "trial-3", "trial-1", "sweep", "baseline"]],
  [["metrics.acc"], ["trial-2", "sweep", "baseline", "trial-3", "trial-1", "trial-2-retry"]],
  [["metrics.acc ASC"], ["trial-2", "sweep", "baseline", "trial-3", "trial-1", "trial-2-retry"]],
  [["metrics.acc DESC"], ["trial-3", "trial-1", "baseline", "sweep", "trial-2", "trial-2-retry"]],
  // NaN after every value, missing after NaN, in both directions
  [["metrics.loss ASC"], ["trial-3", "baseline", "trial-2-retry", "trial-2", "trial-1", "sweep"]],
  [["metrics.loss DESC"], ["trial-2", "trial-2-retry", "baseline", "trial-3", "trial-1", "sweep"]],
  // params: numbers (and numeric text) numerically, before other text; reversed together by DESC
  [["params.lr ASC"], ["trial-3", "trial-1", "baseline", "trial-2", "trial-2-retry", "sweep"]],
  [["params.lr DESC"], ["trial-2-retry", "trial-2", "baseline", "trial-3", "trial-1", "sweep"]],
  [["params.batch_size DESC"], ["trial-2", "trial-1", "baseline", "trial-2-retry", "trial-3", "sweep"]],
  [["attributes.end_time DESC"], ["trial-2-retry", "trial-2", "trial-1", "trial-3", "baseline", "sweep"]],
  [["attributes.run_name"], ["baseline", "sweep", "trial-1", "trial-2", "trial-2-retry", "trial-3"]],
  [["attributes.status desc"], ["sweep", "trial-2-retry", "trial-3", "trial-1", "baseline", "trial-2"]],
  [["start_time ASC"], ["baseline", "sweep", "trial-3", "trial-1", "trial-2", "trial-2-retry"]],
  // text by code unit: "Vision" < "nlp" < "vision"; the second clause orders within the first's ties
  [["tags.team ASC", "metrics.acc DESC"], ["trial-2-retry", "sweep", "baseline", "trial-2", "trial-3", "trial-1"]],
  [["metrics.`val loss` DESC"], ["baseline", "trial-2-retry", "trial-2", "trial-3", "trial-1", "sweep"]],
  [["tags.mlflow.parentRunId"], ["trial-2", "trial-3", "trial-1", "trial-2-retry", "sweep", "baseline"]],
  // MLflow's spellings: a backquoted entity type, or the whole reference quoted
  [["`metrics`.`val loss` DESC"], ["baseline", "trial-2-retry", "trial-2", "trial-3", "trial-1", "sweep"]],
  [["`metrics.val loss` DESC"], ["baseline", "trial-2-retry", "trial-2", "trial-3", "trial-1", "sweep"]],
  [['"attributes.start_time" ASC'], ["baseline", "sweep", "trial-3", "trial-1", "trial-2", "trial-2-retry"]],
];

/** [filter, error position, text the `expected` field contains, found] */
const BAD_FILTERS: ReadonlyArray<readonly [string, number, string, string]> = [
  // unknown entity or attribute, missing key
  ["foo.x = 1", 0, "an entity (metrics.<key>, params.<key>, tags.<key> or attributes.<name>)", "foo.x"],
  ["loss < 1", 0, "an entity", "loss"],
  ["attributes.foo = 'a'", 11, "an attribute (run_id, run_name, status, start_time, end_time, parent_id", "foo"],
  ["run.name = 'a'", 4, "an attribute", "name"],
  ["metrics. > 1", 8, 'a key after "metrics."', ">"],
  ['metrics."" > 1', 8, "a key", '""'],
  // missing comparator
  ["params.model foo", 13, "a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL)", "foo"],
  ["params.model", 12, "a comparator", END_OF_INPUT],
  ["metrics.acc ~ 1", 12, "a comparator", "~"],
  ["params.x NOT LIKE 'a'", 13, "IN", "LIKE"],
  ["params.x IS 'a'", 12, "NULL or NOT NULL", "'a'"],
  ["params.x IS NOT 'a'", 16, "NULL", "'a'"],
  // comparator not valid for the entity: the message says what is
  ["metrics.acc LIKE '0.9%'", 12, "a comparator valid for metrics.acc (=, !=, <, <=, >, >=, IN, NOT IN, IS NULL, IS NOT NULL)", "LIKE"],
  ["attributes.start_time ILIKE '1%'", 22, "a comparator valid for attributes.start_time (=, !=, <", "ILIKE"],
  ["attributes.status > 'A'", 18, "a comparator valid for attributes.status (=, !=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL)", ">"],
  ["attributes.end_time LIKE '4%'", 20, "a comparator valid for attributes.end_time", "LIKE"],
  ["params.x NOT  IN ('a') AND metrics.acc NOT IN ('a')", 47, "a number", "'a'"],
  // missing or wrong value
  ["metrics.acc >", 13, "a number", END_OF_INPUT],
  ["params.model = ", 15, "a quoted string or a number", END_OF_INPUT],
  ["metrics.acc = 'high'", 14, "a number", "'high'"],
  ["metrics.acc == 1", 13, "a number", "="],
  ["attributes.status = FINISHED", 20, "a quoted string", "FINISHED"],
  ["attributes.start_time > '1000'", 24, "a number", "'1000'"],
  ["params.x LIKE 5", 14, "a quoted pattern", "5"],
  ["params.x IN 'a'", 12, '"(" to start a list of values', "'a'"],
  ["params.x IN ('a' 'b')", 17, '"," or ")"', "'b'"],
  ["params.x IN ()", 13, "a quoted string or a number", ")"],
  ["metrics.acc IN (1, 'a')", 19, "a number", "'a'"],
  // unterminated strings and quoted keys: the caret is on the opening quote
  ["params.model = 'cnn", 15, "a closing ' for this string", END_OF_INPUT],
  ['metrics."val loss = 1', 8, 'a closing " for this key', END_OF_INPUT],
  ["params.x = 'a\\'", 11, "a closing '", END_OF_INPUT],
  // unbalanced parentheses
  ["(metrics.acc > 1", 16, '")" to close the "(" opened at position 0', END_OF_INPUT],
  ["((metrics.acc > 1)", 18, '")" to close the "(" opened at position 0', END_OF_INPUT],
  ["metrics.acc > 1)", 15, "AND, OR or end of input", ")"],
  ["()", 1, "a condition", ")"],
  // dangling logic and trailing input
  ["metrics.acc > 1 foo", 16, "AND, OR or end of input", "foo"],
  ["metrics.acc > 1 AND", 19, "a condition", END_OF_INPUT],
  ["metrics.acc > 1 OR OR metrics.acc < 0", 19, "an entity", "OR"],
  ["NOT", 3, "a condition", END_OF_INPUT],
  // the first error in reading order wins
  ["foo.x = 'unterminated", 0, "an entity", "foo.x"],
  // quoted entity types and bare attributes: the caret is on the part that is wrong
  ["`metricz`.acc > 1", 0, "an entity", "`metricz`.acc"],
  ["`metric`. > 1", 9, 'a key after "metric."', ">"],
  ["`metric`.`` > 1", 9, "a key", "``"],
  ["`attributes`.nope = 'a'", 13, "an attribute", "nope"],
  ["`metric.acc > 1", 0, "a closing ` for this name", END_OF_INPUT],
  ["`metrics.acc` > 1", 0, "an entity", "`metrics.acc`"],
  ["`AND` = 'x'", 0, "an entity", "`AND`"],
  ['"lr" = 0.1', 0, "an entity", '"lr"'],
  ["metrics.acc > 1 AND `tags`.team", 31, "a comparator", END_OF_INPUT],
];

/** [order-by clause, error position, text the `expected` field contains, found] */
const BAD_ORDERS: ReadonlyArray<readonly [string, number, string, string]> = [
  ["metrics.acc UP", 12, "ASC, DESC or end of clause", "UP"],
  ["metrics.acc > 1", 12, "ASC, DESC or end of clause", ">"],
  ["metrics.acc ASC DESC", 16, "end of clause", "DESC"],
  ["foo.acc", 0, "an entity", "foo.acc"],
  ["", 0, "an entity", END_OF_INPUT],
  ["attributes.nope DESC", 11, "an attribute", "nope"],
  ["metrics.`val loss DESC", 8, "a closing ` for this key", END_OF_INPUT],
  ["`attributes.nope` DESC", 12, "an attribute", "nope"],
  ["`metricz.acc`", 0, "an entity", "`metricz.acc`"],
  ["`metrics`.acc UP", 14, "ASC, DESC or end of clause", "UP"],
];

/**
 * Every way MLflow spells a reference: each entity word, bare or backquoted (or double-quoted, which we also
 * take), with the key bare, backquoted or double-quoted (or single-quoted, ours). [entity word, kind]
 */
const ENTITY_WORDS: ReadonlyArray<readonly [string, "metric" | "param" | "tag" | "attribute"]> = [
  ["metric", "metric"],
  ["metrics", "metric"],
  ["param", "param"],
  ["params", "param"],
  ["parameter", "param"],
  ["parameters", "param"],
  ["tag", "tag"],
  ["tags", "tag"],
  ["attribute", "attribute"],
  ["attributes", "attribute"],
  ["attr", "attribute"],
  ["run", "attribute"],
];
const QUOTINGS: ReadonlyArray<readonly [string, (name: string) => string]> = [
  ["bare", (name) => name],
  ["backquoted", (name) => `\`${name}\``],
  ["double-quoted", (name) => `"${name}"`],
];
const KEY_QUOTINGS: ReadonlyArray<readonly [string, (name: string) => string]> = [...QUOTINGS, ["single-quoted", (name) => `'${name}'`]];

/** [bare attribute as written, the attribute] */
const BARE_ATTRIBUTES: ReadonlyArray<readonly [string, string]> = [
  ["status", "status"],
  ["`status`", "status"],
  ['"status"', "status"],
  ["`run name`", "run_name"],
  ['"Run Name"', "run_name"],
  ["`Created`", "start_time"],
];

describe("filters", () => {
  for (const [filter, expected] of FILTERS) {
    test(`${JSON.stringify(filter)} matches ${expected.length === 0 ? "no run" : expected.join(", ")}`, () => {
      assert.deepEqual(namesMatching(filter), expected);
    });
  }

  test("NOT binds tighter than AND, and AND tighter than OR", () => {
    const tree = parseFilter("params.a = '1' OR params.b = '2' AND NOT params.c = '3'");
    const condition = (key: string, value: string) => ({
      kind: "compare",
      target: { kind: "param", key },
      op: "=",
      value: { kind: "string", value },
    });
    assert.deepEqual(tree, {
      kind: "or",
      operands: [
        condition("a", "1"),
        { kind: "and", operands: [condition("b", "2"), { kind: "not", operand: condition("c", "3") }] },
      ],
    });
  });

  test("quoted keys are decoded: a doubled quote or a backslash escapes the quote", () => {
    const tree = parseFilter('metrics.`a``b` IS NULL AND tags."say \\"hi\\"" IS NULL');
    assert.deepEqual(tree, {
      kind: "and",
      operands: [
        { kind: "null", target: { kind: "metric", key: "a`b" }, negated: false },
        { kind: "null", target: { kind: "tag", key: 'say "hi"' }, negated: false },
      ],
    });
  });

  test("an empty filter parses to match-all", () => {
    assert.deepEqual(parseFilter(" \n\t"), { kind: "all" });
  });

  test("matchesFilter on a parsed tree agrees with compileFilter", () => {
    const tree = parseFilter("metrics.acc > 0.85 OR tags.team = 'nlp'");
    assert.deepEqual(
      RUNS.filter((r) => matchesFilter(tree, r)).map((r) => r.name),
      namesMatching("metrics.acc > 0.85 OR tags.team = 'nlp'"),
    );
  });
});

describe("order by", () => {
  for (const [clauses, expected] of ORDERS) {
    test(`${JSON.stringify(clauses)} orders ${expected.join(", ")}`, () => {
      const sorted = [...RUNS].sort(compareRunsBy(parseOrderBy(clauses)));
      assert.deepEqual(sorted.map((r) => r.name), expected);
    });
  }

  test("the result does not depend on the input order", () => {
    const compare = compareRunsBy(parseOrderBy(["metrics.acc DESC"]));
    const forward = [...RUNS].sort(compare).map((r) => r.id);
    const backward = [...RUNS].reverse().sort(compare).map((r) => r.id);
    assert.deepEqual(backward, forward);
  });

  test("clauses parse to a target and a direction, quoted keys included", () => {
    assert.deepEqual(parseOrderBy(['params."my key" desc', "run.created"]), [
      { target: { kind: "param", key: "my key" }, ascending: false },
      { target: { kind: "attribute", key: "start_time" }, ascending: true },
    ]);
  });
});

describe("MLflow's spellings of a reference", () => {
  for (const [word, kind] of ENTITY_WORDS) {
    for (const [style, quoteEntity] of QUOTINGS) {
      test(`${style} \`${word}\` with each quoting of the key names a ${kind}, in a filter and in an order-by clause`, () => {
        for (const [keyStyle, quoteKey] of KEY_QUOTINGS) {
          // A key with a space needs quotes; an attribute is named by its attribute name.
          const key = kind === "attribute" ? "status" : keyStyle === "bare" ? "loss" : "val loss";
          const reference = `${quoteEntity(word)}.${quoteKey(key)}`;
          const expected = { kind, key };
          assert.deepEqual(parseFilter(`${reference} IS NULL`), { kind: "null", target: expected, negated: false }, reference);
          assert.deepEqual(parseOrderBy([`${reference} DESC`]), [{ target: expected, ascending: false }], reference);
        }
      });
    }
  }

  for (const [written, attribute] of BARE_ATTRIBUTES) {
    test(`the bare attribute ${written} names ${attribute}, in a filter and in an order-by clause`, () => {
      assert.deepEqual(parseFilter(`${written} IS NOT NULL`), { kind: "null", target: { kind: "attribute", key: attribute }, negated: true });
      assert.deepEqual(parseOrderBy([written]), [{ target: { kind: "attribute", key: attribute }, ascending: true }]);
    });
  }

  test("in an order-by clause the whole reference may be quoted, as MLflow reads it", () => {
    assert.deepEqual(parseOrderBy(["`metrics.val loss` DESC", '"params.my key"', "`tags.a.b` ASC"]), [
      { target: { kind: "metric", key: "val loss" }, ascending: false },
      { target: { kind: "param", key: "my key" }, ascending: true },
      { target: { kind: "tag", key: "a.b" }, ascending: true },
    ]);
  });

  test("a quoted word is never a keyword", () => {
    assert.deepEqual(parseFilter("`tags`.`AND` = 'x'"), { kind: "compare", target: { kind: "tag", key: "AND" }, op: "=", value: { kind: "string", value: "x" } });
  });
});

describe("errors", () => {
  for (const [filter, position, expected, found] of BAD_FILTERS) {
    test(`${JSON.stringify(filter)} fails at ${position} expecting ${expected}`, () => {
      assert.throws(() => parseFilter(filter), (err: unknown) => {
        assert.ok(err instanceof SearchSyntaxError, String(err));
        assert.equal(err.code, "SEARCH_SYNTAX");
        assert.equal(err.position, position, err.message);
        assert.ok(err.expected.includes(expected), `expected ${JSON.stringify(err.expected)} to include ${expected}`);
        assert.equal(err.found, found);
        assert.equal(err.text, filter);
        return true;
      });
    });
  }

  for (const [clause, position, expected, found] of BAD_ORDERS) {
    test(`order-by clause ${JSON.stringify(clause)} fails at ${position} expecting ${expected}`, () => {
      assert.throws(() => parseOrderBy(["metrics.acc", clause]), (err: unknown) => {
        assert.ok(err instanceof SearchSyntaxError, String(err));
        assert.equal(err.position, position, err.message);
        assert.ok(err.expected.includes(expected), `expected ${JSON.stringify(err.expected)} to include ${expected}`);
        assert.equal(err.found, found);
        assert.equal(err.text, clause);
        return true;
      });
    });
  }

  test("the message names the position, what was expected and what was found", () => {
    assert.throws(() => parseFilter("metrics.accuracy foo 1"), {
      name: "SearchSyntaxError",
      code: "SEARCH_SYNTAX",
      message: 'Expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL) at position 17, found "foo"',
    });
    assert.throws(() => parseFilter("metrics.acc >"), { message: "Expected a number at position 13, found end of input" });
  });

  test("a syntax error is a RuntreeError whose context carries expected and found", () => {
    assert.throws(() => compileFilter("params.x = "), (err: unknown) => {
      assert.ok(err instanceof RuntreeError);
      assert.deepEqual(err.context, { expected: "a quoted string or a number", found: END_OF_INPUT });
      return true;
    });
  });

  test("formatSearchError draws the text and a caret under the position", () => {
    const text = "metrics.acc > 0.9 AND\tparams.x foo";
    assert.throws(() => parseFilter(text), (err: unknown) => {
      assert.ok(err instanceof SearchSyntaxError);
      assert.equal(
        formatSearchError(err, text),
        "metrics.acc > 0.9 AND params.x foo\n" + "                               ^",
      );
      assert.equal(formatSearchError(err), formatSearchError(err, text));
      return true;
    });
  });
});

describe("searchRuns", () => {
  test("filters, orders and returns a new array without touching the input", () => {
    const input = [...RUNS];
    const found = searchRuns(input, { filter: "attributes.parent_id = 'a1'", orderBy: ["metrics.acc ASC"] });
    assert.deepEqual(found.map((r) => r.name), ["trial-2", "trial-3", "trial-1"]);
    assert.deepEqual(input, RUNS);
  });

  test("without options it returns every run, newest first", () => {
    assert.deepEqual(searchRuns(RUNS, {}).map((r) => r.name), ORDERS[0]?.[1]);
  });

  test("maxResults keeps the first runs of the ordered result", () => {
    const options = { orderBy: ["metrics.acc DESC"] };
    assert.deepEqual(searchRuns(RUNS, { ...options, maxResults: 2 }).map((r) => r.name), ["trial-3", "trial-1"]);
    assert.deepEqual(searchRuns(RUNS, { ...options, maxResults: 0 }), []);
    assert.equal(searchRuns(RUNS, { ...options, maxResults: 100 }).length, RUNS.length);
  });

  test("maxResults must be a non-negative integer", () => {
    for (const maxResults of [-1, 1.5, NaN]) {
      assert.throws(() => searchRuns(RUNS, { maxResults }), { code: "INVALID_ARGUMENT" });
    }
  });

  test("a bad order-by clause fails even when no run matches", () => {
    assert.throws(() => searchRuns([], { orderBy: ["metrics.acc sideways"] }), { code: "SEARCH_SYNTAX" });
  });

  test("the returned runs keep their own type", () => {
    const extended = RUNS.map((r) => ({ ...r, href: `runs/${r.id}/` }));
    const [first] = searchRuns(extended, { filter: "run.run_id = 'c3'" });
    assert.equal(first?.href, "runs/c3/");
  });
});

test("the search code imports nothing from Node, so the browser can bundle it", () => {
  const dir = fileURLToPath(new URL("../src/search/", import.meta.url));
  const files = readdirSync(dir).filter((file) => file.endsWith(".ts"));
  assert.ok(files.length > 0);
  for (const file of files) {
    const source = readFileSync(join(dir, file), "utf8");
    const imports = [...source.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1] ?? "");
    for (const specifier of imports) {
      assert.ok(specifier.startsWith("./") || specifier.startsWith("../"), `${file} imports ${specifier}`);
      assert.ok(!specifier.startsWith("node:"), `${file} imports ${specifier}`);
    }
  }
});

test("absurdly deep nesting is a syntax error, not a stack overflow", () => {
  const text = "(".repeat(5000) + "metrics.m = 1" + ")".repeat(5000);
  assert.throws(() => parseFilter(text), { code: "SEARCH_SYNTAX" });
  assert.throws(() => parseFilter("NOT ".repeat(5000) + "metrics.m = 1"), { code: "SEARCH_SYNTAX" });
  assert.equal(parseFilter("(".repeat(50) + "metrics.m = 1" + ")".repeat(50)).kind, "compare");
});

test("an abandoned run's status reads as ABANDONED, as the report shows it, not as RUNNING", () => {
  const base = { parentId: null, startTime: 1, endTime: null, params: {}, metrics: {}, tags: {} };
  const runs = [
    { ...base, id: "a", name: "live", status: "RUNNING", abandoned: false },
    { ...base, id: "b", name: "dead", status: "RUNNING", abandoned: true },
    { ...base, id: "c", name: "done", status: "FINISHED" },
  ];
  const names = (filter: string) => searchRuns(runs, { filter }).map((r) => r.name).sort();
  assert.deepEqual(names("attributes.status = 'ABANDONED'"), ["dead"]);
  assert.deepEqual(names("attributes.status = 'RUNNING'"), ["live"]);
  assert.deepEqual(names("attributes.status IN ('RUNNING', 'ABANDONED')"), ["dead", "live"]);
});
