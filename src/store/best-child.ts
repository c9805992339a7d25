/**
 * "Record the best child's metric and params in the parent", done for the user when a parent that
 * declared an objective ends. Children are found on disk, not in memory, because sweep workers in other
 * processes may have added them: through the links each child leaves in its parent's folder, so the cost
 * is the parent's children, never the size of the experiment.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { own } from "../format/dictionary.js";
import { decodeNumber, encodeNumber } from "../format/metric-value.js";
import { summarize } from "../model/metric-summary.js";
import { FILE, type BestChildFile, type MetricLine, type Objective, type RunFile } from "../format/records.js";
import { isMetricLine, isRunFile } from "../format/schema.js";
import { childLinkIds } from "../reader/child-links.js";

export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly startTime: number;
  readonly value: number;
  readonly params: RunFile["params"];
}

/** The best of the candidates by the objective; NaN never wins; ties go to the earlier start. Pure. */
export function pickBest(candidates: readonly Candidate[], goal: Objective["goal"]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (Number.isNaN(c.value)) continue;
    if (best === undefined) {
      best = c;
      continue;
    }
    const better = goal === "min" ? c.value < best.value : c.value > best.value;
    const tie = c.value === best.value && (c.startTime < best.startTime || (c.startTime === best.startTime && c.id < best.id));
    if (better || tie) best = c;
  }
  return best;
}

/** Reads the direct children `parent` links to and picks the best by `objective`. */
export function findBestChild(experimentPath: string, parentId: string, objective: Objective): BestChildFile | undefined {
  const candidates: Candidate[] = [];
  for (const id of childLinkIds(join(experimentPath, parentId))) {
    if (id === parentId) continue;
    const child = readChild(join(experimentPath, id));
    // The link is a hint; the child's own record decides (a hand-copied link must not adopt a stranger).
    // A deleted child is out of the running, as it is out of the report.
    if (!child || child.id !== id || child.parentId !== parentId || child.deleted) continue;
    const value = childValue(join(experimentPath, id), child, objective.metric);
    if (value !== undefined) candidates.push({ id: child.id, name: child.name, startTime: child.startTime, value, params: child.params });
  }
  const best = pickBest(candidates, objective.goal);
  if (!best) return undefined;
  return { id: best.id, name: best.name, metric: objective.metric, goal: objective.goal, value: encodeNumber(best.value), params: best.params };
}

function readChild(dir: string): RunFile | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(join(dir, FILE.run), "utf8"));
    return isRunFile(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** An ended child's summary is final; a running one (another process) is replayed from its history. */
function childValue(dir: string, child: RunFile, metric: string): number | undefined {
  if (child.status !== "RUNNING") {
    const summary = own(child.metrics, metric);
    return summary === undefined ? undefined : decodeNumber(summary.last);
  }
  let text = "";
  try {
    text = readFileSync(join(dir, FILE.metrics), "utf8");
  } catch {
    return undefined;
  }
  const points = text
    .split("\n")
    .flatMap((line) => {
      try {
        const data: unknown = JSON.parse(line);
        return isMetricLine(data) ? [data as MetricLine] : [];
      } catch {
        return [];
      }
    })
    .filter((line) => line.key === metric)
    .map((line) => ({ ...line, value: decodeNumber(line.value) }));
  return summarize(points)[metric]?.last;
}
