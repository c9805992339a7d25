import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatMetaYaml, formatYamlString } from "../src/mlflow/format-meta-yaml.ts";
import { parseMetaYaml, type YamlValue } from "../src/mlflow/meta-yaml.ts";
import { formatMetricLine, parseMetricFile } from "../src/mlflow/metric-file.ts";
import { formatPythonFloat, parsePythonFloat } from "../src/mlflow/python-float.ts";
import { mlflowExperimentId } from "../src/mlflow/experiment-id.ts";

const plain = (text: string): YamlValue => ({ text, quoted: false });
const quoted = (text: string): YamlValue => ({ text, quoted: true });

describe("meta.yaml as PyYAML writes it", () => {
  const cases: Array<[string, string, YamlValue]> = [
    ["a plain scalar", "name: tuning", plain("tuning")],
    ["a single-quoted id stays a string", "experiment_id: '0'", quoted("0")],
    ["an empty quoted string", "entry_point_name: ''", quoted("")],
    ["a doubled quote inside single quotes", "name: 'it''s: here'", quoted("it's: here")],
    ["double quotes with escapes", 'name: "a\\tb\\n\\u00e9\\x41\\\\"', quoted("a\tb\né\x41\\")],
    ["non-ASCII letters, a slash and spaces", "name: Émigré results / 2026", plain("Émigré results / 2026")],
    ["null", "end_time: null", null],
    ["~ is null", "end_time: ~", null],
    ["nothing is null", "end_time:", null],
    ["an empty list", "tags: []", "nested"],
    ["an empty map", "tags: {}", "nested"],
    ["a comment after a plain scalar", "name: x # note", plain("x")],
    ["a folded plain scalar", "name: a long\n  name here", plain("a long name here")],
    ["a folded single-quoted scalar with a blank line", "name: 'a\n\n  b'", quoted("a\nb")],
    ["a double-quoted scalar continued after a backslash", 'name: "abc\\\n  def"', quoted("abcdef")],
    ["a nested block", "tags:\n  mlflow.data.context: training", "nested"],
    ["a block sequence at column 1", "tags:\n- a\n- b", "nested"],
  ];
  for (const [what, text, expected] of cases) {
    test(`reads ${what}`, () => {
      const fields = parseMetaYaml(`${text}\nafter: 1\n`);
      assert.deepEqual(fields.get(text.slice(0, text.indexOf(":"))), expected);
      assert.deepEqual(fields.get("after"), plain("1"), "the next field is still read");
    });
  }

  const corrupt: Array<[string, string]> = [
    ["a line that is not 'key: value'", "this is not yaml"],
    ["an indented first line", "  name: x"],
    ["an unterminated quote", "name: 'open"],
    ["text after a closing quote", "name: 'a' b"],
    ["an unknown escape", 'name: "\\q"'],
    ["a field given twice", "name: a\nname: b"],
  ];
  for (const [what, text] of corrupt) {
    test(`rejects ${what} with CORRUPT_FILE naming the line`, () => {
      assert.throws(() => parseMetaYaml(text), { code: "CORRUPT_FILE", message: /^line \d+: / });
    });
  }

  const strings = [
    "tuning", "Émigré results / 2026", "0", "", "2d833596b6fe4ae19710876b2f050915", "1e3", "0x1F", "1:20", "2026-01-01",
    "yes", "No", "null", "~", "-1", ".inf", "a: b", "x #y", "#x", "line\nbreak", "tab\there", "quote'single",
    'quote"double', "back\\slash", " lead", "trail ", "\u2028", "\x7f\x85", "😀", "[a]", "{b}", "*ref", "&a", "!t",
    "%d", "@a", "`b", "|p", ">g", "?q", "-", "=", "<<", "file:///data/mlruns/0",
  ];
  test("every string written by formatYamlString reads back as itself", () => {
    for (const value of strings) {
      const read = parseMetaYaml(`k: ${formatYamlString(value)}\n`).get("k");
      assert.deepEqual(read === null ? "" : read === "nested" || read === undefined ? read : read.text, value, JSON.stringify(value));
    }
  });

  test("common values are written as MLflow writes them: plain where PyYAML is plain, quoted ids", () => {
    assert.equal(formatYamlString("Émigré results / 2026"), "Émigré results / 2026");
    assert.equal(formatYamlString("2d833596b6fe4ae19710876b2f050915"), "2d833596b6fe4ae19710876b2f050915");
    assert.equal(formatYamlString("file:///data/mlruns/0"), "file:///data/mlruns/0");
    assert.equal(formatYamlString("109663041910412294"), "'109663041910412294'");
    assert.equal(formatYamlString(""), "''");
  });

  test("meta.yaml fields are written sorted by key, one per line", () => {
    assert.equal(
      formatMetaYaml({ status: 3, name: "x", tags: [], end_time: null, experiment_id: "7" }),
      "end_time: null\nexperiment_id: '7'\nname: x\nstatus: 3\ntags: []\n",
    );
  });
});

describe("metric values spelled as Python spells them", () => {
  const cases: Array<[number, string]> = [
    [1, "1.0"], [0.5, "0.5"], [0.3333333333333333, "0.3333333333333333"], [NaN, "nan"], [Infinity, "inf"],
    [-Infinity, "-inf"], [0, "0.0"], [-0, "-0.0"], [1e-5, "1e-05"], [0.0001, "0.0001"], [1e16, "1e+16"],
    [1e15, "1000000000000000.0"], [-2.5, "-2.5"], [123456789.125, "123456789.125"], [1.5e-7, "1.5e-07"],
    [1.7976931348623157e308, "1.7976931348623157e+308"], [5e-324, "5e-324"],
  ];
  for (const [value, text] of cases) {
    test(`${text} is written for ${String(value)} and read back`, () => {
      assert.equal(formatPythonFloat(value), text);
      assert.ok(Object.is(parsePythonFloat(text), value));
    });
  }

  test("Python's other spellings are read; anything else is not a number", () => {
    assert.equal(parsePythonFloat("Infinity"), Infinity);
    assert.ok(Number.isNaN(parsePythonFloat("NaN")));
    assert.equal(parsePythonFloat("-INF"), -Infinity);
    assert.equal(parsePythonFloat("1e3"), 1000);
    for (const bad of ["", "abc", "1.2.3", "0x10", "1e", "--1"]) assert.equal(parsePythonFloat(bad), undefined, bad);
  });

  test("a metric line is '<timestamp> <value> <step>'; the step-less lines of old MLflow read as step 0", () => {
    assert.equal(formatMetricLine({ timestamp: 1767225600000, value: 1, step: 0 }), "1767225600000 1.0 0\n");
    assert.deepEqual(parseMetricFile("1767225600000 1.0 3\n5 nan\n"), {
      points: [
        { step: 3, value: 1, timestamp: 1767225600000 },
        { step: 0, value: NaN, timestamp: 5 },
      ],
      bad: [],
    });
    const { bad } = parseMetricFile("1 2 3 4\n1.5 2 3\n-1 2 3\nx\n");
    assert.deepEqual(bad.map((b) => b.line), [1, 2, 3, 4]);
  });

  test("lines MLflow did not write itself read as Python would: other spacing, signs, zeros, CRLF; the rest is bad", () => {
    const read = (line: string) => {
      const { points, bad } = parseMetricFile(`${line}\n`);
      return bad.length > 0 ? "bad" : points[0];
    };
    const point = (timestamp: number, value: number, step: number) => ({ step, value, timestamp });
    assert.deepEqual(read("1  2 3"), point(1, 2, 3));
    assert.deepEqual(read("1\t2\t3"), point(1, 2, 3));
    assert.deepEqual(read(" 1 2 3 \r"), point(1, 2, 3));
    assert.deepEqual(read("+1 2 -3"), point(1, 2, -3));
    assert.deepEqual(read("0001 2.5 007"), point(1, 2.5, 7));
    assert.deepEqual(read("1 -inf 2"), point(1, -Infinity, 2));
    assert.deepEqual(read("1 1e-05 2"), point(1, 0.00001, 2));
    assert.deepEqual(read("999999999999999 1.0 0"), point(999999999999999, 1, 0));
    assert.deepEqual(read("9007199254740991 1.0 9007199254740991"), point(9007199254740991, 1, 9007199254740991));
    for (const line of ["9007199254740993 1.0 0", "1 1.0 9007199254740993", "1 0x10 2", "1 2 3x", "1 2 3 4", "1 2 1.5", "1 2 +", "1e3 2 3"]) {
      assert.equal(read(line), "bad", line);
    }
  });
});

describe("experiment ids for export", () => {
  test("Default is 0; other names get a stable decimal id that fits a signed 64-bit integer", () => {
    assert.equal(mlflowExperimentId("Default"), "0");
    const id = mlflowExperimentId("tuning");
    assert.equal(id, mlflowExperimentId("tuning"));
    assert.match(id, /^[1-9]\d*$/);
    assert.ok(BigInt(id) < 2n ** 63n);
    assert.notEqual(mlflowExperimentId("Tuning"), id);
  });
});
