/**
 * Keys of what each group of files in the site is made from, so that a rebuild renders only the groups whose
 * inputs changed. A key is a hash of every input the group's bytes depend on beyond the site-wide options
 * (which the build manifest checks as a whole): the fingerprints of the runs it shows, their place in the
 * tree, the experiment's slug and record. A run whose fingerprint is unknown (changed too recently to trust,
 * or read from a store we cannot fingerprint) makes every key that depends on it null, and a null key never
 * matches: such groups are always rendered.
 *
 * Pure: fingerprints come in through `fp`.
 */
import { createHash } from "node:crypto";
import type { RunRecord } from "../model/run-record.js";
import type { ExperimentEntry } from "./experiment-pages.js";
import { displayName } from "./rows.js";

/** A run's fingerprint: its files as the build saw them, or null when they cannot vouch for its content. */
export type RunFingerprint = (run: RunRecord) => string | null;

function hash(parts: readonly string[]): string {
  const h = createHash("sha1");
  for (const part of parts) h.update(part).update("\u0000");
  return h.digest("hex");
}

/** The group of files an experiment's pages and data make, and that of a run's page and its files. */
export const groupName = {
  site: "site",
  experiment: (slug: string): string => `experiment:${slug}`,
  run: (id: string): string => `run:${id}`,
} as const;

/**
 * Per run of the entry: a key of the run and all its descendants, active and deleted (what a run page's
 * children table, sweep view and curves show: a child deleted or restored changes its parent's page), or
 * null. Children are keyed before their parents, without recursion.
 */
export function subtreeKeys(entry: ExperimentEntry, fp: RunFingerprint): Map<string, string | null> {
  const order: RunRecord[] = [];
  const forest = entry.whole;
  const stack = [...forest.roots].reverse();
  while (stack.length > 0) {
    const run = stack.pop()!;
    order.push(run);
    const children = forest.childrenOf.get(run.id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  const keys = new Map<string, string | null>();
  for (let i = order.length - 1; i >= 0; i--) {
    const run = order[i]!;
    const own = fp(run);
    const children = (forest.childrenOf.get(run.id) ?? []).map((child) => keys.get(child.id) ?? null);
    if (own === null || children.some((key) => key === null)) keys.set(run.id, null);
    else keys.set(run.id, children.length === 0 ? hash([run.id, own]) : hash([run.id, own, ...(children as string[])]));
  }
  return keys;
}

/** The key of an experiment's pages, `data.js`, slices and deleted-runs page: its record and every run it shows. */
export function experimentKey(entry: ExperimentEntry, fp: RunFingerprint): string | null {
  const parts = [entry.slug, JSON.stringify(entry.record)];
  for (const run of [...entry.runs, ...entry.deletedRuns]) {
    const own = fp(run);
    if (own === null) return null;
    parts.push(run.id, own);
  }
  return hash(parts);
}

/** The key of a run's page and the files beside it (histories, curves, artifacts). */
export function runPageKey(
  entry: ExperimentEntry,
  run: RunRecord,
  trail: { readonly ancestors: readonly RunRecord[]; readonly elided?: { readonly top: RunRecord; readonly count: number } },
  artifacts: ReadonlyArray<readonly string[]>,
  subtree: string | null,
): string | null {
  if (subtree === null) return null;
  const parts = [entry.slug, entry.record.name, subtree];
  // Ancestors show as links in the breadcrumb: their ids and names, nothing else.
  for (const ancestor of trail.ancestors) parts.push(ancestor.id, displayName(ancestor));
  // A long chain's trail also names its top run and how many lie between.
  if (trail.elided) parts.push("…", trail.elided.top.id, displayName(trail.elided.top), String(trail.elided.count));
  parts.push(JSON.stringify(artifacts));
  return hash(parts);
}
