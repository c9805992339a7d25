// The floor of a search over a runtree store, as its own process (plain node, nothing loaded): list the
// experiment folders and their run folders, read and JSON.parse every experiment.json and run.json, and
// nothing else. Prints {"runs": N} so the bench can check both sides saw the same store.
// Usage: node bench/search-floor.mjs <store>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2];
if (root === undefined) {
  process.stderr.write("usage: search-floor <store>\n");
  process.exit(2);
}
const RUN_ID = /^[0-9a-f]{32}$/;
let runs = 0;
for (const entry of readdirSync(root, { withFileTypes: true })) {
  if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
  const experiment = join(root, entry.name);
  JSON.parse(readFileSync(join(experiment, "experiment.json"), "utf8"));
  for (const run of readdirSync(experiment, { withFileTypes: true })) {
    if (!run.isDirectory() || !RUN_ID.test(run.name)) continue;
    JSON.parse(readFileSync(join(experiment, run.name, "run.json"), "utf8"));
    runs++;
  }
}
process.stdout.write(JSON.stringify({ runs }) + "\n");
