/**
 * "Record the best child's metric and params in the parent", done for the user when a parent that
 * declared an objective ends. Children are found on disk, not in memory, because sweep workers in other
 * processes may have added them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeNumber, encodeNumber } from "../format/metric-value.js";
import { summarize } from "../model/metric-summary.js";
import { FILE, type BestChildFile, type MetricLine, type Objective, type RunFile } from "../format/records.js";
import { RUN_ID } from "../format/run-id.js";
import { isMetricLine, isRunFile } from "../format/schema.js";

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

/** Scans the experiment folder for the direct children of `parent` and picks the best by `objective`. */
export function findBestChild(experimentPath: string, parent: { id: string; startTime: number }, objective: Objective): BestChildFile | undefined {
  const candidates: Candidate[] = [];
  // Ids are time-ordered; a child starts after its parent (allow an hour of clock skew between machines).
  const earliest = (parent.startTime - 3_600_000).toString(16).padStart(12, "0");
  for (const id of readdirSync(experimentPath)) {
    if (!RUN_ID.test(id) || id.slice(0, 12) < earliest || id === parent.id) continue;
    const child = readChild(join(experimentPath, id));
    if (!child || child.parentId !== parent.id) continue;
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
    const summary = child.metrics[metric];
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
