/**
 * `node --import tsx bench/charts/compare.ts [--reps 3]`: the report's old hand-written SVG chart against
 * uPlot (canvas) in headless Chromium, on one 600,000-point history and on a sweep's 200-curve overlay
 * (20,000 steps per child), raw and M4-downsampled as the report now embeds them. Prints the median time from
 * the start of drawing to the next painted frame. The figures chose the chart library (see the commit).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { median } from "../timing.js";
import { renderTable } from "../table.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "3" } } });
const reps = Number(values.reps);
const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "runtree-chart-bench-"));
try {
  await build({ absWorkingDir: root, entryPoints: ["bench/charts/page/compare-page.ts"], outfile: join(dir, "page.js"), bundle: true, format: "iife", logLevel: "warning" });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'">` +
      `<link rel="stylesheet" href="${pathToFileURL(join(root, "node_modules/uplot/dist/uPlot.min.css")).href}"></head><body><script src="page.js"></script></body></html>`,
  );
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(join(dir, "index.html")).href);
  const rows: string[][] = [];
  const load = loadavg()[0]!.toFixed(1);
  for (const kind of ["single-raw", "single-m4", "overlay-m4", "overlay-raw"] as const) {
    const row: string[] = [kind];
    let points = 0;
    for (const library of ["svg", "uplot"] as const) {
      const times: number[] = [];
      for (let i = 0; i < reps; i++) {
        const result = await page.evaluate(([k, l]) => (globalThis as unknown as { runCase(k: string, l: string): Promise<{ points: number; ms: number }> }).runCase(k, l), [kind, library] as const);
        points = result.points;
        times.push(result.ms);
        process.stderr.write(`chart bench: ${kind} ${library} ${result.ms.toFixed(0)} ms\n`);
      }
      row.push(`${median(times).toFixed(0)} ms`);
    }
    rows.push([row[0]!, points.toLocaleString("en-US"), row[1]!, row[2]!]);
  }
  await browser.close();
  process.stdout.write(`load average ${load} at start; ${reps} repetitions, median\n`);
  process.stdout.write(renderTable(["case", "points", "SVG (old)", "uPlot"], "lrrr", rows));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
