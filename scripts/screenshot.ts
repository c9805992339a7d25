/**
 * Writes docs/report.png, the README's picture of an experiment page: a small demo store (written through
 * the library with a fixed clock), built into a report, opened from file:// in headless Chromium with one
 * sweep expanded and sorted by its objective.
 *
 *   node --import tsx scripts/screenshot.ts [out.png]
 *
 * Needs Chromium at /usr/bin/chromium; it is never downloaded.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { openStore, type Run } from "../src/index.js";
import { buildReport } from "../src/report/build.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A training curve that levels off at `final`; deterministic, no randomness. */
function curve(run: Run, final: number, speed: number): void {
  for (let step = 0; step <= 30; step++) {
    const loss = final + (2.3 - final) * Math.exp(-step * speed);
    run.logMetrics({ loss, val_loss: loss * 1.08 + 0.01 * Math.sin(step) }, { step });
  }
  run.logMetric("accuracy", 1 - final / 3);
}

async function writeDemoStore(dir: string): Promise<void> {
  let now = Date.UTC(2025, 2, 14, 9, 30);
  const store = openStore(dir, { clock: () => (now += 47_000), captureSource: false });
  const exp = store.experiment("mnist-classifier");
  await exp.run({ name: "baseline", params: { lr: 0.01, optimizer: "sgd", batch_size: 64 } }, (run) => curve(run, 0.42, 0.12));
  await exp.run({ name: "lr-sweep", objective: { metric: "val_loss", goal: "min" }, params: { batch_size: 64 } }, async (sweep) => {
    for (const optimizer of ["adam", "sgd"]) {
      for (const lr of [0.1, 0.01, 0.001]) {
        const final = optimizer === "adam" ? 0.12 + Math.abs(Math.log10(lr) + 2.2) * 0.09 : 0.3 + Math.abs(Math.log10(lr) + 1.4) * 0.1;
        await sweep.child({ name: `${optimizer}-lr${lr}`, params: { lr, optimizer } }, async (trial) => {
          curve(trial, final, optimizer === "adam" ? 0.25 : 0.1);
          if (optimizer === "adam" && lr === 0.01) {
            await trial.child({ name: "eval-test-set", params: { split: "test" } }, (evaluation) => evaluation.logMetric("accuracy", 0.962));
          }
        });
      }
    }
  });
  await exp.run({ name: "dropout-sweep", objective: { metric: "val_loss", goal: "min" } }, async (sweep) => {
    for (const dropout of [0, 0.2, 0.5]) {
      await sweep
        .child({ name: `dropout-${dropout}`, params: { dropout, optimizer: "adam" } }, (trial) => {
          if (dropout === 0.5) throw new Error("diverged");
          curve(trial, 0.15 + dropout * 0.1, 0.2);
        })
        .catch(() => undefined);
    }
  });
}

async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? join(ROOT, "docs/report.png"));
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  const dir = mkdtempSync(join(tmpdir(), "runtree-screenshot-"));
  try {
    await writeDemoStore(join(dir, "mlruns"));
    const script = join(dir, "report.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle-client.mjs"), script]);
    const out = join(dir, "site");
    await buildReport({ store: join(dir, "mlruns"), out, assets: { script, style: join(ROOT, "templates/assets/report.css") } });
    const experiment = readdirSync(join(out, "experiments"))[0];
    if (!experiment) throw new Error("the demo report has no experiment page");

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, colorScheme: "light" });
      await page.goto(pathToFileURL(join(out, "experiments", experiment, "index.html")).href);
      await page.waitForSelector("#runtree-runs table.runs.interactive");
      const sweep = page.locator("#runtree-runs tr", { hasText: "lr-sweep" }).locator("button.toggle");
      await sweep.click();
      await page.locator(`#runtree-runs button[data-sort="metrics.val_loss"]`).click();
      await page.locator("#runtree-runs tr", { hasText: "adam-lr0.01" }).locator("button.toggle").click();
      await page.mouse.move(0, 0);
      mkdirSync(dirname(target), { recursive: true });
      await page.screenshot({ path: target, fullPage: false });
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
