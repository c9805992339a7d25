// The floor of reading a store whatever its layout, as its own process (plain node, nothing loaded): walk
// the folder tree with readdir and read every file as text, nothing else (no parsing). For an MLflow store
// that is what any reader must at least do: every run is a dozen small files. Prints {"files": N, "bytes": B}.
// Usage: node bench/read-floor.mjs <store>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2];
if (root === undefined) {
  process.stderr.write("usage: read-floor <store>\n");
  process.exit(2);
}
let files = 0;
let bytes = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile()) {
      bytes += readFileSync(path, "utf8").length;
      files++;
    }
  }
};
walk(root);
process.stdout.write(JSON.stringify({ files, bytes }) + "\n");
