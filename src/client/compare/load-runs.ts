/**
 * Loads the summaries of the runs a comparison names: each run's `runs/<id>/summary.js`, a classic script
 * the page injects (file:// cannot fetch), all at once. An id that is not a run id, or whose summary is not
 * in this report (a run filtered out, a link from another report), is named, never fatal; past
 * `MAX_COMPARE` runs the rest are left out and named too.
 */
import type { RunSummary } from "../../report/summary-data.js";
import { loadChunk } from "../charts/chunk-loader.js";
import { MAX_COMPARE, summarySrc } from "./compare-hash.js";

/** Run ids are 32 lowercase hex digits; their folder in the site is the id itself. */
const RUN_ID = /^[0-9a-f]{32}$/;

export interface Missing {
  readonly id: string;
  readonly reason: "not a run id" | "not in this report";
}

export interface Comparison {
  /** The runs found, in the order asked for. */
  readonly runs: readonly RunSummary[];
  readonly missing: readonly Missing[];
  /** Ids past `MAX_COMPARE`, not loaded. */
  readonly leftOut: readonly string[];
}

function isSummary(data: unknown, id: string): data is RunSummary {
  return typeof data === "object" && data !== null && (data as { id?: unknown }).id === id;
}

export async function loadComparison(ids: readonly string[]): Promise<Comparison> {
  const wellFormed = ids.filter((id) => RUN_ID.test(id));
  const asked = wellFormed.slice(0, MAX_COMPARE);
  const loaded = await Promise.all(
    asked.map((id) =>
      loadChunk(summarySrc(id)).then(
        (data) => (isSummary(data, id) ? data : null),
        () => null,
      ),
    ),
  );
  const found = new Map<string, RunSummary>();
  asked.forEach((id, i) => {
    const summary = loaded[i];
    if (summary) found.set(id, summary);
  });
  const missing: Missing[] = ids.flatMap((id): Missing[] => {
    if (!RUN_ID.test(id)) return [{ id, reason: "not a run id" }];
    return asked.includes(id) && !found.has(id) ? [{ id, reason: "not in this report" }] : [];
  });
  return { runs: asked.flatMap((id) => found.get(id) ?? []), missing, leftOut: wellFormed.slice(MAX_COMPARE) };
}
