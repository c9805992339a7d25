// The floor of a job that reads one tree of files and writes another, as its own process (plain node,
// nothing loaded): read every file below <read-root> as text (readdir + readFile, no parsing), then write
// the files a listing names (relative path and size, as the real job wrote them) below <write-root>, each
// with one writeFileSync, and with --sync make them durable with one `sync -f` (syncfs) at the end.
// Prints {"read": files read, "written": files written}.
// Usage: node bench/convert-floor.mjs <read-root> <listing.json> <write-root> [--sync]
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [readRoot, listingFile, writeRoot, flag] = process.argv.slice(2);
if (writeRoot === undefined) {
  process.stderr.write("usage: convert-floor <read-root> <listing.json> <write-root> [--sync]\n");
  process.exit(2);
}
let read = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile()) {
      readFileSync(path, "utf8");
      read++;
    }
  }
};
walk(readRoot);
const listing = JSON.parse(readFileSync(listingFile, "utf8"));
const buffer = Buffer.alloc(listing.reduce((max, [, size]) => Math.max(max, size), 0), 0x61);
const made = new Set();
for (const [path, size] of listing) {
  const target = join(writeRoot, path);
  const folder = dirname(target);
  if (!made.has(folder)) {
    mkdirSync(folder, { recursive: true });
    made.add(folder);
  }
  writeFileSync(target, buffer.subarray(0, size));
}
if (flag === "--sync") execFileSync("sync", ["-f", writeRoot]);
process.stdout.write(JSON.stringify({ read, written: listing.length }) + "\n");
