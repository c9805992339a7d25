/**
 * The compare page's address: `compare.html#runs=<id>,<id>,...` names the runs, in column order; the
 * view's choices follow (`only=1`: only the params that differ; `goal=max`: the metrics' best is the
 * highest; `x=`, `y=`: the scatter's columns, as `params.<key>` or `metrics.<key>`). Pure, so node tests
 * read it as the page does.
 */
import { decodeComponent, hashParts } from "../hash-parts.js";

/** The most runs a comparison shows: more columns than this cannot be read side by side. */
export const MAX_COMPARE = 50;

export interface CompareView {
  /** As given, duplicates dropped (the first stays), malformed entries kept so the page can name them. */
  readonly runs: readonly string[];
  readonly onlyDifferences: boolean;
  readonly goal: "min" | "max";
  readonly x: string | null;
  readonly y: string | null;
}

export function decodeCompareHash(hash: string): CompareView {
  let runs: string[] = [];
  let onlyDifferences = false;
  let goal: "min" | "max" = "min";
  let x: string | null = null;
  let y: string | null = null;
  for (const [name, raw] of hashParts(hash)) {
    const value = decodeComponent(raw);
    if (value === null) continue;
    if (name === "runs") runs = [...new Set(value.split(",").map((id) => id.trim()).filter((id) => id !== ""))];
    else if (name === "only") onlyDifferences = value === "1";
    else if (name === "goal") goal = value === "max" ? "max" : "min";
    else if (name === "x") x = value;
    else if (name === "y") y = value;
  }
  return { runs, onlyDifferences, goal, x, y };
}

/** The hash (without `#`) of a view; choices left at their default are left out. */
export function encodeCompareHash(view: CompareView): string {
  const parts = [`runs=${view.runs.map(encodeURIComponent).join(",")}`];
  if (view.onlyDifferences) parts.push("only=1");
  if (view.goal === "max") parts.push("goal=max");
  if (view.x !== null) parts.push(`x=${encodeURIComponent(view.x)}`);
  if (view.y !== null) parts.push(`y=${encodeURIComponent(view.y)}`);
  return parts.join("&");
}

/**
 * The link that compares `ids`, from a page whose way to the compare page is `compareHref`.
 * @example compareLink("../../compare.html", ["0a…", "1b…"]) // "../../compare.html#runs=0a…,1b…"
 */
export function compareLink(compareHref: string, ids: readonly string[]): string {
  return `${compareHref}#${encodeCompareHash({ runs: ids, onlyDifferences: false, goal: "min", x: null, y: null })}`;
}

/** Where a run's summary is, relative to the compare page (the site's root): beside the run's page. */
export function summarySrc(id: string): string {
  return `runs/${id}/summary.js`;
}
