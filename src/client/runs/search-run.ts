/**
 * The bridge from the page data to the search module: the same filter and order-by code that serves
 * `runtree search` runs in the browser, on runs whose metric values are decoded back to JS numbers.
 */
import { decodeNumber } from "../../format/metric-value.js";
import type { ClientRun } from "../../report/page-data.js";
import type { SearchableRun } from "../../search/index.js";

export type SearchRun = SearchableRun;

/** `experiment` is the page's experiment name, so `attributes.experiment` filters work as in the CLI. */
export function toSearchRun(run: ClientRun, experiment: string): SearchRun {
  // fromEntries defines own properties: a metric named "__proto__" stays a metric.
  const metrics: Record<string, number> = Object.fromEntries(Object.entries(run.metrics).map(([key, value]) => [key, decodeNumber(value)]));
  return {
    id: run.id,
    name: run.name,
    experiment,
    parentId: run.parentId,
    status: run.status,
    abandoned: run.abandoned,
    startTime: run.startTime,
    endTime: run.endTime,
    params: run.params,
    metrics,
    tags: run.tags,
  };
}
