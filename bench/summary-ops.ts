/**
 * What the compare page's data costs a build: every run's `summary.js` (see report/run-summary.ts), made
 * from the plan and charts a build has anyway, and written beside the run's page. The floor writes the same
 * bytes to the same files. The charts are read once, before timing: the build reads them for the run page.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readStore } from "../src/load/read-store.js";
import type { RunCharts } from "../src/report/chart-data.js";
import { readRunCharts } from "../src/report/chart-data.js";
import { planSite, runPageItems } from "../src/report/plan.js";
import type { RunPagePlan } from "../src/report/run-plan.js";
import { runSummaryFile } from "../src/report/run-summary.js";
import { elapsed, paired, type Figure } from "./timing.js";
import { formatBytes } from "./table.js";

export async function benchRunSummaries(store: string, scratch: string): Promise<Figure> {
  const snapshot = await readStore(store);
  const site = planSite({ experiments: snapshot.experiments, runs: snapshot.runs, artifacts: new Map(), objective: null, title: "bench" });
  const runs: Array<{ plan: RunPagePlan; charts: RunCharts; dir: string }> = [];
  for (const entry of site.entries) {
    for (const item of runPageItems(site, entry)) {
      const dir = join(scratch, item.run.id);
      mkdirSync(dir, { recursive: true });
      runs.push({ plan: item.plan().model, charts: await readRunCharts(item.run, () => undefined, []), dir });
    }
  }
  let contents: string[] = [];
  const result = await paired(
    3,
    1,
    () =>
      elapsed(() => {
        contents = runs.map(({ plan, charts, dir }) => {
          const file = runSummaryFile(plan, charts);
          writeFileSync(join(dir, file.relative), file.content);
          return file.content;
        });
      }),
    () => elapsed(() => runs.forEach(({ dir }, i) => writeFileSync(join(dir, "summary.js"), contents[i] ?? ""))),
  );
  rmSync(scratch, { recursive: true, force: true });
  const bytes = contents.reduce((sum, content) => sum + Buffer.byteLength(content), 0);
  return {
    what: `run summaries for the compare page, ${runs.length.toLocaleString("en-US")} runs`,
    n: `1×${result.reps}`,
    ours: result.ours,
    floor: result.floor,
    floorWhat: `write the same ${formatBytes(bytes)} to the same files`,
  };
}
