/**
 * A report build in a process of its own, for a test to kill midway. Usage:
 * `build-report.ts <store> <out> <script asset> <style asset>`; prints `done` once the build has returned.
 */
import { buildReport } from "../../src/report/build.js";

const [store, out, script, style] = process.argv.slice(2);
if (store === undefined || out === undefined || script === undefined || style === undefined) {
  throw new Error("usage: build-report.ts <store> <out> <script> <style>");
}
await buildReport({ store, out, assets: { script, style } });
process.stdout.write("done\n");
