/**
 * Writes MLflow's `meta.yaml` as PyYAML would (block style, keys sorted, UTF-8 kept), so that MLflow and
 * our own reader load it, and so that common values come out byte for byte as MLflow writes them.
 */

export type MetaYamlField = string | number | null | readonly [];

/** @example formatMetaYaml({ name: "tuning", experiment_id: "7" }) // "experiment_id: '7'\nname: tuning\n" */
export function formatMetaYaml(fields: Readonly<Record<string, MetaYamlField>>): string {
  return Object.keys(fields)
    .sort()
    .map((key) => `${key}: ${formatValue(fields[key]!)}\n`)
    .join("");
}

function formatValue(value: MetaYamlField): string {
  if (value === null) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return "[]";
  return formatYamlString(value);
}

/** Strings YAML 1.1 would read as something else: booleans, null, numbers, dates, and the like. */
const NOT_A_STRING = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|)$/;
/** Numbers in YAML 1.1 or 1.2 (`1e3`, `1_000`, `0x1F`, sexagesimal `1:20`) and dates (`2026-01-01`). */
const LOOKS_TYPED = /^(\d[\d_]*(\.[\d_]*)?([eE][-+]?\d+)?|0[xXoObB].*|\d[\d_]*(:[0-5]?\d)+(\.[\d_]*)?|\d{4}-\d\d?-\d\d?([Tt ].*)?)$/;
const PLAIN_SAFE = /^[\p{L}\p{N}_/][\p{L}\p{N}_/ .,:%~@=+()-]*$/u;
/** Characters PyYAML refuses in a stream, or reads as line breaks: they must be escaped. */
const NEEDS_ESCAPE = /[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;

/**
 * A scalar that reads back as exactly `value`: plain when that is unambiguous (`tuning`, `file:///x`),
 * single-quoted when it merely looks like something else (`'0'`, `''`, `'a: b'`), double-quoted with
 * escapes when it holds line breaks or control characters.
 */
export function formatYamlString(value: string): string {
  if (NEEDS_ESCAPE.test(value)) return doubleQuoted(value);
  const plain =
    PLAIN_SAFE.test(value) && !NOT_A_STRING.test(value) && !value.endsWith(" ") && !/: |:$/.test(value) && !LOOKS_TYPED.test(value);
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}

function doubleQuoted(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (NEEDS_ESCAPE.test(char)) out += code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}
