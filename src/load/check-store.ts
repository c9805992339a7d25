/**
 * `runtree check`: everything the reader validates, plus every line of every `metrics.jsonl` (the reader
 * replays histories only for running runs) and every child link in a parent's `children/` folder (the
 * reader never needs them). Fit for a pre-commit hook: it lists each problem once.
 */
import { existsSync, lstatSync } from "node:fs";
import { join } from "node:path";
import type { Problem } from "../model/problem.js";
import { FILE } from "../format/records.js";
import type { RunRecord } from "../model/run-record.js";
import type { StoreSnapshot } from "../model/store-snapshot.js";
import { readChildLinks } from "../reader/child-links.js";
import { mapLimit } from "../reader/map-limit.js";
import { readMetricsFile } from "../reader/metrics-file.js";
import { fsSource } from "../source/fs-source.js";
import { linkProblem } from "../source/store-source.js";
import { artifactEntries } from "../reader/run-files.js";
import { readStore } from "./read-store.js";

export interface CheckResult {
  readonly experiments: number;
  readonly runs: number;
  readonly metricPoints: number;
  readonly problems: readonly Problem[];
}

export async function checkStore(root: string): Promise<CheckResult> {
  const snapshot = await readStore(root);
  const seen = new Set(snapshot.problems.map((p) => `${p.file}\0${p.message}`));
  const problems = [...snapshot.problems];
  let metricPoints = 0;
  const histories = await mapLimit(snapshot.runs, 32, (run) =>
    readMetricsFile(fsSource(run.dir), FILE.metrics, `${run.experimentDir}/${run.id}/${FILE.metrics}`),
  );
  for (const history of histories) {
    metricPoints += history.points.length;
    for (const problem of history.problems) {
      if (!seen.has(`${problem.file}\0${problem.message}`)) problems.push(problem);
    }
  }
  if (snapshot.format === "runtree") problems.push(...(await checkChildLinks(snapshot)));
  problems.push(...(await checkArtifactLinks(snapshot)));
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { experiments: snapshot.experiments.length, runs: snapshot.runs.length, metricPoints, problems };
}

/** Symbolic links where artifacts should be: the report never copies them, so the store should not hold them. */
async function checkArtifactLinks(snapshot: StoreSnapshot): Promise<Problem[]> {
  const found = await mapLimit(snapshot.runs, 32, async (run) => {
    const display = `${run.experimentDir}/${run.id}/${FILE.artifacts}`;
    let folder;
    try {
      folder = lstatSync(join(run.dir, FILE.artifacts));
    } catch {
      return [];
    }
    if (folder.isSymbolicLink()) return [linkProblem(display)];
    if (!folder.isDirectory()) return [];
    return (await artifactEntries(run)).links.map((link) => linkProblem(`${display}/${link}`));
  });
  return found.flat();
}

/**
 * Each link must name a run whose run.json says it is a child of the folder the link sits in. A link to a
 * run that is gone (deleted by hand) or that names another parent is stale: reported, so it can be removed.
 * A link to a run that is there but unreadable is not reported again: that run's own problem says it.
 */
async function checkChildLinks(snapshot: StoreSnapshot): Promise<Problem[]> {
  const byId = new Map<string, RunRecord>(snapshot.runs.map((run) => [run.id, run]));
  const problems: Problem[] = [];
  const links = await mapLimit(snapshot.runs, 32, (run) => readChildLinks(run.dir, `${run.experimentDir}/${run.id}`));
  snapshot.runs.forEach((parent, index) => {
    const { ids, problems: bad } = links[index]!;
    problems.push(...bad);
    for (const id of ids) {
      const child = byId.get(id);
      if (child?.parentId === parent.id && child.experiment === parent.experiment) continue;
      if (child === undefined && existsSync(join(parent.dir, "..", id))) continue;
      const found = child === undefined ? "no such run in this experiment" : `run ${id} names ${child.parentId === null ? "no parent" : `parent ${child.parentId}`}`;
      problems.push({
        file: `${parent.experimentDir}/${parent.id}/${FILE.children}/${id}.json`,
        code: "STALE_CHILD_LINK",
        message: `links to child run ${id}, but ${found}; remove the file`,
      });
    }
  });
  return problems;
}
