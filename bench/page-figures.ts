/**
 * The experiment-page rows of the bench: a report holding one experiment, opened in Chromium `reps` times
 * (page-ops.ts), each figure the median with the range, and what the page loads (data.js alone, then all
 * of the experiment's run data).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { benchPage, CHROMIUM, type PageSample } from "./page-ops.js";
import { formatBytes } from "./table.js";
import { median } from "./timing.js";

export const PAGE_HEADER = ["experiment page (Chromium, file://)", "interactive", "all loaded", "expand", "sort", "filter", "JS heap", "data.js", "all run data"];
export const PAGE_ALIGN = "lrrrrrrrr";

/** Why pages cannot be measured here, or null. */
export function pagesUnavailable(): string | null {
  return existsSync(CHROMIUM) ? null : `no browser at ${CHROMIUM}`;
}

function spread(values: readonly number[], unit: (n: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${unit(median(sorted))} (${unit(sorted[0]!)}–${unit(sorted[sorted.length - 1]!)})`;
}

const ms = (n: number): string => `${n.toFixed(0)}`;
const mib = (n: number): string => `${(n / 2 ** 20).toFixed(0)}`;

/** One table row for the single experiment of the report in `site`. */
export async function benchExperimentPage(site: string, label: string, reps: number): Promise<string[]> {
  const slugs = readdirSync(join(site, "experiments"));
  if (slugs.length !== 1) throw new Error(`bench: expected one experiment in ${site}, found ${slugs.length}`);
  const folder = join(site, "experiments", slugs[0]!);
  const dataFiles = readdirSync(folder).filter((name) => /^(data|runs-\d+)\.js$/.test(name));
  const bytes = (names: readonly string[]) => names.reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);
  const samples: PageSample[] = await benchPage(join(folder, "index.html"), reps);
  const column = (pick: (s: PageSample) => number, unit = ms) => spread(samples.map(pick), unit);
  return [
    `${label} (${samples[0]?.filteredRows ?? 0} rows filtered; ms, median (range) of ${reps})`,
    column((s) => s.interactive),
    column((s) => s.complete),
    column((s) => s.expand),
    column((s) => s.sort),
    column((s) => s.filter),
    `${column((s) => s.heapBytes, mib)} MiB`,
    formatBytes(bytes(["data.js"])),
    `${formatBytes(bytes(dataFiles))} in ${dataFiles.length} files`,
  ];
}
