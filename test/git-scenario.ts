/**
 * The history the git tests share: commit A has two sweeps and a lone run; commit B adds a child to each
 * sweep (one sweep's best improves), removes the other sweep's best child (so it gets worse) and changes
 * a tag of the lone run. Written through the public API, then committed with real git.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../src/index.js";
import type { TestRepo } from "./workers/git-repo.js";

export interface Scenario {
  readonly store: string;
  readonly a: string;
  readonly b: string;
  /** Run ids by name. */
  readonly ids: Readonly<Record<string, string>>;
}

export async function buildScenario(repo: TestRepo, storeName = "mlruns"): Promise<Scenario> {
  const store = join(repo.dir, storeName);
  const runs = openStore(store, { captureSource: false });
  const exp = runs.experiment("tuning");
  const ids: Record<string, string> = {};
  await exp.run({ name: "sweep-up", objective: { metric: "loss", goal: "min" } }, async (sweep) => {
    ids["sweep-up"] = sweep.id;
    for (const [name, loss] of [["up-1", 0.5], ["up-2", 0.4]] as const) {
      await sweep.child({ name, params: { lr: loss / 5 } }, (child) => {
        ids[name] = child.id;
        child.logMetric("loss", loss);
      });
    }
  });
  await exp.run({ name: "sweep-down", objective: { metric: "acc", goal: "max" } }, async (sweep) => {
    ids["sweep-down"] = sweep.id;
    for (const [name, acc] of [["down-1", 0.8], ["down-2", 0.7]] as const) {
      await sweep.child({ name, params: { depth: acc * 10 } }, (child) => {
        ids[name] = child.id;
        child.logMetric("acc", acc);
      });
    }
  });
  await exp.run({ name: "lone", tags: { stage: "dev" } }, (run) => {
    ids["lone"] = run.id;
  });
  const a = repo.commit("A: two sweeps and a lone run");

  // A worker in another process attaches a trial to a sweep by id: that is all a child needs.
  for (const [parent, name, metric, value] of [["sweep-up", "up-3", "loss", 0.3], ["sweep-down", "down-3", "acc", 0.75]] as const) {
    const child = exp.startRun({ name, parent: ids[parent]!, params: { late: true } });
    child.logMetric(metric, value);
    await child.end();
    ids[name] = child.id;
  }
  rmSync(join(store, "tuning", ids["down-1"]!), { recursive: true });
  const loneFile = join(store, "tuning", ids["lone"]!, "run.json");
  const lone = JSON.parse(readFileSync(loneFile, "utf8")) as { tags: Record<string, string> };
  lone.tags["stage"] = "prod";
  writeFileSync(loneFile, JSON.stringify(lone, null, 2) + "\n");
  const b = repo.commit("B: more trials, one removed, a tag changed");
  return { store, a, b, ids };
}
