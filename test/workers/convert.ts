/**
 * An import or an export run to its end, for tests that kill it midway. Usage: `convert.ts import|export
 * <src> <dest>`. Prints `started` just before it begins, and `done` once it has returned.
 */
import { exportMlflow, importMlflow } from "../../src/index.js";

const [mode, src, dest] = process.argv.slice(2);
if ((mode !== "import" && mode !== "export") || src === undefined || dest === undefined) {
  throw new Error("usage: convert.ts import|export <src> <dest>");
}
console.log("started");
await (mode === "import" ? importMlflow(src, dest) : exportMlflow(src, dest));
console.log("done");
