/**
 * The text of a data file beside a run page (a history chunk, a sweep's curves): a classic script of one
 * statement, `__RUNTREE_CHUNK__("<src>", JSON.parse('<json>'));`, since file:// cannot fetch. The data is a
 * JSON string handed to `JSON.parse`, as in `data.js` (escape.ts, `jsonExpression`), not an object literal:
 * in a literal a key named `__proto__` sets the prototype instead of making a property. (Speed is no reason
 * either way: a sweep's 2.6 MB curves file evaluates in about the same time both ways, in V8.)
 */
import { jsonExpression, jsonForScript } from "./escape.js";
import { CHUNK_CALLBACK } from "./page-data.js";

/**
 * @example chunkScript("history/0-0.js", { x: [0, 1], y: "…", t: [5, 1] })
 * // __RUNTREE_CHUNK__("history/0-0.js", JSON.parse('{"x":[0,1],"y":"…","t":[5,1]}'));
 */
export function chunkScript(src: string, data: unknown): string {
  return `${CHUNK_CALLBACK}(${jsonForScript(src)}, ${jsonExpression(data)});\n`;
}
