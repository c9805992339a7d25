// Bundles the browser script (src/client/main.ts, with the search module it imports) into one classic
// script: an IIFE, because pages open from file:// where ES modules do not load. Output is deterministic:
// no banner, no timestamps, no source map; the same input gives the same bytes.
//
//   node scripts/bundle-client.mjs            writes dist/assets/report.js (what `npm run build` ships)
//   node scripts/bundle-client.mjs <file>     writes <file> instead (tests bundle the current source)
import { build } from "esbuild";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outfile = process.argv[2] ? resolve(process.argv[2]) : resolve(root, "dist/assets/report.js");

await build({
  absWorkingDir: root,
  entryPoints: ["src/client/main.ts"],
  outfile,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  // uPlot is bundled; its licence asks for its notice to travel with it.
  banner: { js: "/* Includes uPlot 1.6.32, Copyright (c) 2025 Leon Sorokin, MIT License (https://opensource.org/license/mit). */" },
  // Syntax-only minification: smaller, still readable when someone opens the report's script.
  minifySyntax: true,
  minifyWhitespace: false,
  minifyIdentifiers: false,
  sourcemap: false,
  tsconfig: "tsconfig.client.json",
  logLevel: "warning",
});
