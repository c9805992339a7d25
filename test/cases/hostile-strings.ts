/**
 * Hostile strings for the report's browser test (test/hostile-strings.browser.test.ts): each one built to
 * break out of a context a user string reaches (text, an attribute, the embedded JSON, a URL, a style, the
 * script's JSON parse) or to be shown as something it is not (bidi, line separators, control characters).
 * Every payload that would run sets the canary `__pwned` (on window, top or parent) and never opens a
 * dialog itself, so a payload that runs is caught by the canary and a dialog by the dialog listener.
 *
 * `refused` documents, per field, where the writer refuses the vector and with which error code; every
 * other field takes it. The rules behind it: names (experiment, run) refuse control characters (C0, C1)
 * and more than 250 characters; keys (param, tag, metric, objective) take only letters, digits, `_ - . :
 * /` and spaces, at most 250; param values at most 6,000 characters, tag values 8,000; artifact names
 * refuse NUL, backslashes, empty segments (`//`) and more than 1,000 characters.
 */
import { ErrorCode } from "../../src/index.js";

export type Field = "experiment" | "runName" | "paramKey" | "paramValue" | "tagKey" | "tagValue" | "metricKey" | "artifact" | "objective";

export interface HostileVector {
  /** A short, safe name for messages. */
  readonly label: string;
  readonly text: string;
  /** The fields that refuse this vector, each with the error code the writer throws. */
  readonly refused: Partial<Readonly<Record<Field, ErrorCode>>>;
}

/** Refused as a key by every key field: the characters are outside the key rule. */
const NOT_A_KEY = {
  paramKey: ErrorCode.InvalidKey,
  tagKey: ErrorCode.InvalidKey,
  metricKey: ErrorCode.InvalidKey,
  objective: ErrorCode.InvalidKey,
} as const;
/** Refused as a name by both name fields: a control character. */
const NOT_A_NAME = { experiment: ErrorCode.InvalidName, runName: ErrorCode.InvalidName } as const;
/** Refused as an artifact name: an empty path segment (`//`). */
const EMPTY_SEGMENT = { artifact: ErrorCode.InvalidArtifactPath } as const;

const CANARY = "window.__pwned=1";
/** `<script>top.__pwned=1</script>` in base64, for a data: URL. */
const SCRIPT_BASE64 = Buffer.from("<script>top.__pwned=1</script>").toString("base64");

/** One megabyte of markup that would run if it were ever parsed as HTML. */
export const MEGABYTE = `<script>${CANARY}</script><img src=x onerror=${CANARY}>`.repeat(Math.ceil(2 ** 20 / 62)).slice(0, 2 ** 20);

export const VECTORS: readonly HostileVector[] = [
  { label: "script tag", text: `<script>${CANARY}</script>`, refused: NOT_A_KEY },
  { label: "img onerror", text: `<img src=x onerror="${CANARY}">`, refused: NOT_A_KEY },
  { label: "double-quote attribute breaker", text: `" onmouseover="${CANARY}" autofocus onfocus="${CANARY}" x="`, refused: NOT_A_KEY },
  { label: "single-quote attribute breaker", text: `' onfocus='${CANARY}' autofocus tabindex='1`, refused: NOT_A_KEY },
  { label: "backtick attribute breaker", text: "`><img src=x onerror=`" + CANARY + "`>", refused: NOT_A_KEY },
  { label: "</script> inside JSON", text: `</script><script>${CANARY}</script>`, refused: NOT_A_KEY },
  { label: "<!-- inside JSON", text: `<!--<script>${CANARY}</script>-->`, refused: NOT_A_KEY },
  { label: "upper-case </SCRIPT >", text: `</SCRIPT ><script>top.__pwned=1</script >`, refused: NOT_A_KEY },
  { label: "javascript: URL", text: `javascript:${CANARY}`, refused: NOT_A_KEY },
  { label: "javascript: URL, mixed case and leading space", text: ` JaVaScRiPt:top.__pwned=1`, refused: NOT_A_KEY },
  { label: "javascript: URL with comment", text: `javascript://%0Atop.__pwned=1`, refused: { ...NOT_A_KEY, ...EMPTY_SEGMENT } },
  { label: "data: URL", text: `data:text/html,<script>parent.__pwned=1</script>`, refused: NOT_A_KEY },
  { label: "data: URL, base64", text: `data:text/html;base64,${SCRIPT_BASE64}`, refused: NOT_A_KEY },
  { label: "SVG onload", text: `<svg onload=${CANARY}>`, refused: NOT_A_KEY },
  { label: "SVG script", text: `<svg><script>${CANARY}</script></svg>`, refused: NOT_A_KEY },
  { label: "SVG animate href", text: `<svg><a><animate attributeName=href values=javascript:${CANARY} /><text y=20>x</text></a></svg>`, refused: NOT_A_KEY },
  { label: "MathML mutation", text: `<math><mtext><table><mglyph><style><img src=x onerror=${CANARY}>`, refused: NOT_A_KEY },
  { label: "MathML href", text: `<math href="javascript:${CANARY}"><mi>x</mi></math>`, refused: NOT_A_KEY },
  { label: "CSS breaking out of a style", text: `</style><style>*{background:url("javascript:${CANARY}")}</style>`, refused: NOT_A_KEY },
  { label: "CSS declaration injection", text: `red;}body{display:none}x{--a:expression(${CANARY})`, refused: NOT_A_KEY },
  { label: "iframe srcdoc", text: `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`, refused: NOT_A_KEY },
  { label: "noscript breaker", text: `</noscript><img src=x onerror=${CANARY}>`, refused: NOT_A_KEY },
  { label: "title and textarea breaker", text: `</title></textarea><script>${CANARY}</script>`, refused: NOT_A_KEY },
  { label: "base and meta refresh", text: `<base href="javascript:${CANARY}//"><meta http-equiv="refresh" content="0;url=javascript:${CANARY}">`, refused: { ...NOT_A_KEY, ...EMPTY_SEGMENT } },
  { label: "form action", text: `<form><button formaction="javascript:${CANARY}">go</button></form>`, refused: NOT_A_KEY },
  { label: "template syntax", text: "<%= " + CANARY + " %>${" + CANARY + "}{{constructor.constructor('" + CANARY + "')()}}", refused: NOT_A_KEY },
  { label: "escaped entities", text: `&lt;script&gt;${CANARY}&lt;/script&gt; &amp; &#60;`, refused: NOT_A_KEY },
  { label: "U+2028 and U+2029", text: `line\u2028separator\u2029paragraph`, refused: NOT_A_KEY },
  { label: "bidi overrides", text: `\u202Eexe.txt\u202C \u2067isolate\u2069 \u200F\u200Bzero-width\uFEFF`, refused: NOT_A_KEY },
  { label: "NUL", text: `nul\u0000<script>${CANARY}</script>`, refused: { ...NOT_A_KEY, ...NOT_A_NAME, artifact: ErrorCode.InvalidArtifactPath } },
  { label: "C0 and C1 controls", text: `bell\u0007 esc\u001b[31m red\u0085next\u009b`, refused: { ...NOT_A_KEY, ...NOT_A_NAME } },
  { label: "line feed and tab", text: `line\nfeed\ttab`, refused: { ...NOT_A_KEY, ...NOT_A_NAME } },
  { label: "quoted filter text", text: `it's "quoted" \\' OR 1=1 --`, refused: { ...NOT_A_KEY, artifact: ErrorCode.InvalidArtifactPath } },
  { label: "astral characters", text: `😀 𝕏 ﷽`, refused: NOT_A_KEY },
  { label: "__proto__", text: "__proto__", refused: {} },
  { label: "constructor", text: "constructor", refused: {} },
  { label: "prototype", text: "prototype", refused: {} },
  { label: "toString", text: "toString", refused: {} },
  { label: "__proto__ path", text: "__proto__/polluted", refused: {} },
  { label: "one megabyte", text: MEGABYTE, refused: {
    ...NOT_A_KEY,
    experiment: ErrorCode.InvalidName,
    runName: ErrorCode.InvalidName,
    paramValue: ErrorCode.InvalidValue,
    tagValue: ErrorCode.InvalidValue,
    artifact: ErrorCode.InvalidArtifactPath,
  } },
];
