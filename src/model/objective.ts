/**
 * Which child of a sweep is best, for the report and for `runtree diff`. The rule, for each run with children:
 * - an objective the run declared (`objective` in run.json, or the one its recorded `bestChild` was chosen
 *   by) wins for that run: the author of the sweep knows what it optimises;
 * - otherwise the command line's `--objective metric:min|max` applies (`report`, `diff`);
 * - otherwise there is no objective and no best child.
 * The best child is recomputed from the children's latest values (workers may add children after the
 * parent ended, so a recorded `bestChild` can be stale); the recorded one is shown only when none of the
 * children in the report has the metric (e.g. a `--filter` left them out).
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import { own } from "../format/dictionary.js";
import { keyProblem } from "../format/keys.js";
import type { RunRecord } from "./run-record.js";
import type { Objective, ParamValue } from "../format/records.js";

export interface ResolvedObjective extends Objective {
  /** True when the run declared it, false when it came from the command line. */
  readonly declared: boolean;
}

export interface BestChoice {
  readonly id: string;
  readonly name: string;
  readonly value: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** True when taken from the parent's record because no child in the report has the metric. */
  readonly recorded: boolean;
}

/**
 * Parses `metric:min` / `metric:max`. The goal follows the last colon, since metric keys may contain colons.
 *
 * @example parseObjective("val/acc:max") // { metric: "val/acc", goal: "max" }
 */
export function parseObjective(text: string): Objective {
  const colon = text.lastIndexOf(":");
  const metric = colon < 0 ? "" : text.slice(0, colon);
  const goal = colon < 0 ? "" : text.slice(colon + 1);
  if (goal !== "min" && goal !== "max") {
    throw new RuntreeError(ErrorCode.InvalidArgument, `--objective expects metric:min or metric:max, got "${text}".`, {
      expected: "metric:min|max",
      found: text,
    });
  }
  const problem = keyProblem(metric);
  if (problem !== null) {
    throw new RuntreeError(ErrorCode.InvalidArgument, `--objective: invalid metric key "${metric}": expected ${problem}.`, {
      key: metric,
      expected: problem,
    });
  }
  return { metric, goal };
}

export function resolveObjective(run: Pick<RunRecord, "objective" | "bestChild">, fallback: Objective | null): ResolvedObjective | null {
  const declared = run.objective ?? run.bestChild;
  if (declared) return { metric: declared.metric, goal: declared.goal, declared: true };
  return fallback ? { ...fallback, declared: false } : null;
}

/** The child with the best finite latest value of the metric; ties go to the earlier child. */
export function bestChild(
  parent: Pick<RunRecord, "bestChild">,
  children: ReadonlyArray<Pick<RunRecord, "id" | "name" | "metrics" | "params">>,
  objective: Objective,
): BestChoice | null {
  let best: Pick<RunRecord, "id" | "name" | "metrics" | "params"> | undefined;
  let bestValue = 0;
  for (const child of children) {
    const value = own(child.metrics, objective.metric);
    if (value === undefined || !Number.isFinite(value)) continue;
    if (best === undefined || (objective.goal === "min" ? value < bestValue : value > bestValue)) {
      best = child;
      bestValue = value;
    }
  }
  if (best) return { id: best.id, name: best.name, value: bestValue, params: best.params, recorded: false };
  const recorded = parent.bestChild;
  if (recorded && recorded.metric === objective.metric && recorded.goal === objective.goal) {
    return { id: recorded.id, name: recorded.name, value: recorded.value, params: recorded.params, recorded: true };
  }
  return null;
}
