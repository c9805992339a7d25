/**
 * A run page, planned from the model alone (pure). What needs the disk (metric histories, artifact bytes)
 * is named here and loaded by the builder; `run-page.ts` completes the model once histories are read.
 */
import { own } from "../format/dictionary.js";
import { artifactLinks, childImages } from "./artifact-links.js";
import type { ChildImages } from "./page-data.js";
import type { RunRecord } from "../model/run-record.js";
import type { Objective, SourceFile } from "../format/records.js";
import { sortKeys } from "../format/stable-json.js";
import { formatExact, formatNumber, formatParam, formatUtc, formatUtcShort, runDuration } from "./format.js";
import { href, sitePath } from "./links.js";
import { renderMarkdown } from "./markdown.js";
import { shownRemote } from "./commit-link.js";
import { baselineCard, isNewSince, type BaseView, type BaselineCard } from "./base-view.js";
import { bestChild, resolveObjective, type ResolvedObjective } from "../model/objective.js";
import { PageKind, type ArtifactLink, type BestCard, type KeyValue, type LayoutModel, type Link, type MetricRow } from "./page-models.js";
import { STATIC_TREE_ROWS } from "./experiment-pages.js";
import { displayName, runsTable, statusView, type RunsTable, type StatusView } from "./rows.js";

export interface RunPagePlan extends LayoutModel {
  readonly run: RunRecord;
  readonly id: string;
  readonly name: string;
  readonly status: StatusView;
  readonly start: string;
  readonly startIso: string;
  readonly end: string;
  readonly endIso: string;
  readonly duration: string;
  readonly experiment: Link;
  /** The experiment's page, as a site path. */
  readonly experimentPath: string;
  /** The nearest ancestor in the report, or null for a top-level run. */
  readonly parent: Link | null;
  /**
   * A recorded parent id the run is not shown under (the parent is missing or unreadable, or the link is
   * part of a loop: the problems page says which), else empty.
   */
  readonly missingParent: string;
  readonly problemsHref: string;
  readonly description: string;
  /** The description (the run's note, Markdown) as safe HTML, or empty. */
  readonly noteHtml: string;
  readonly source: readonly KeyValue[];
  readonly params: readonly KeyValue[];
  readonly tags: readonly KeyValue[];
  readonly metrics: readonly MetricRow[];
  /** Direct children in start order. */
  readonly children: readonly RunRecord[];
  /** The children whose histories make the sweep's overlaid curves (all, up to `MAX_CURVE_CHILDREN`). */
  readonly curveChildren: readonly RunRecord[];
  /** Every descendant, nested; null without children. */
  readonly childTable: RunsTable | null;
  readonly objective: ResolvedObjective | null;
  readonly best: BestCard | null;
  readonly bestId: string | null;
  /** The sweep's best at `--base`, beside today's; null without a base or an objective. */
  readonly baseline: BaselineCard | null;
  /** The short commit of `--base` when this run was not in the store then, else empty. */
  readonly newSince: string;
  readonly artifacts: readonly ArtifactLink[];
  /** The image artifacts of `curveChildren`, for the sweep view's side-by-side images; null when none has one. */
  readonly childImages: ChildImages | null;
  /** When the run was deleted, and the ancestor it went with (a link when that run is in the report); null when active. */
  readonly deleted: { readonly when: string; readonly whenIso: string; readonly ancestor: Link | null } | null;
}

/** What the planner knows about the run's surroundings. */
export interface RunContext {
  readonly siteTitle: string;
  readonly experiment: { readonly name: string; readonly path: string };
  /** Nearest first, as `model/tree.ancestors` returns them, or the nearest few of a long chain. */
  readonly ancestors: readonly RunRecord[];
  /** For a long chain: its top-level run and how many ancestors lie between it and `ancestors`. */
  readonly elided?: { readonly top: RunRecord; readonly count: number };
  readonly childrenOf: ReadonlyMap<string, readonly RunRecord[]>;
  /** Safe artifact paths (already checked), as segments. */
  readonly artifacts: ReadonlyArray<readonly string[]>;
  /** Any run's safe artifact paths (for the children's images); none when absent. */
  readonly artifactsOf?: (id: string) => ReadonlyArray<readonly string[]>;
  readonly objective: Objective | null;
  /** The store at `--base`, or null. */
  readonly base?: BaseView | null;
}

function keyValues<V>(map: Readonly<Record<string, V>>, show: (value: V) => { value: string; title: string }): KeyValue[] {
  return sortKeys(Object.keys(map)).map((key) => ({ key, ...show(map[key] as V) }));
}

function numberText(value: number): { value: string; title: string } {
  const text = formatNumber(value);
  const exact = formatExact(value);
  return { value: text, title: exact === text ? "" : exact };
}

function sourceRows(source: SourceFile | undefined): KeyValue[] {
  if (!source) return [];
  const rows: Array<[string, string | undefined]> = [
    ["script", source.script],
    ["working directory", source.cwd],
    ["git commit", source.git?.commit],
    ["git branch", source.git?.branch],
    ["git dirty", source.git ? (source.git.dirty ? "yes (uncommitted changes)" : "no") : undefined],
    ["git remote", source.git?.remote === undefined ? undefined : shownRemote(source.git.remote)],
    ["host", source.host],
    ["user", source.user],
    ["node", source.node],
    ["platform", source.platform],
  ];
  return rows.flatMap(([key, value]) => (value === undefined ? [] : [{ key, value, title: "" }]));
}

/** More curves than this cannot be told apart on one chart, and would make the page heavy. */
export const MAX_CURVE_CHILDREN = 200;

/** All children, or for a huge sweep the best by the objective (else the first), kept in start order. */
export function curveChildren(children: readonly RunRecord[], objective: Objective | null): readonly RunRecord[] {
  if (children.length <= MAX_CURVE_CHILDREN) return children;
  if (objective === null) return children.slice(0, MAX_CURVE_CHILDREN);
  const sign = objective.goal === "min" ? 1 : -1;
  const valueOf = (run: RunRecord) => {
    const value = own(run.metrics, objective.metric);
    return value !== undefined && Number.isFinite(value) ? sign * value : Infinity;
  };
  const chosen = new Set(
    children
      .map((run, index) => ({ run, index, value: valueOf(run) }))
      .sort((a, b) => a.value - b.value || a.index - b.index)
      .slice(0, MAX_CURVE_CHILDREN)
      .map((entry) => entry.run.id),
  );
  return children.filter((run) => chosen.has(run.id));
}

function metricRows(run: RunRecord): MetricRow[] {
  return sortKeys(Object.keys(run.metricSummaries)).map((key) => {
      const s = run.metricSummaries[key]!;
      return {
        key,
        last: formatNumber(s.last),
        lastExact: formatExact(s.last),
        min: formatNumber(s.min),
        max: formatNumber(s.max),
        step: String(s.step),
        count: String(s.count),
      };
    });
}

export function planRunPage(run: RunRecord, context: RunContext): RunPagePlan {
  const path = sitePath.run(run.id);
  const crumb = (a: RunRecord, text = displayName(a)) => ({ text, href: href(path, sitePath.run(a.id)) });
  const lineage = [...context.ancestors].reverse().map((a) => crumb(a));
  const elided = context.elided;
  if (elided) {
    // The gap links one level up from the nearest shown ancestor, so each click climbs further.
    const above = elided.count > 0 ? context.ancestors.at(-1) : undefined;
    const gap = above && above.parentId !== null ? [{ text: `… ${elided.count} more`, href: href(path, sitePath.run(above.parentId)) }] : [];
    lineage.unshift(crumb(elided.top), ...gap);
  }
  const experiment = { text: context.experiment.name, href: href(path, context.experiment.path) };
  const children = context.childrenOf.get(run.id) ?? [];
  const nearest = context.ancestors[0];
  const objective = children.length > 0 ? resolveObjective(run, context.objective) : null;
  const choice = objective ? bestChild(run, children, objective) : null;
  const name = displayName(run);
  const base = context.base ?? null;
  return {
    page: PageKind.Run,
    title: `${name} · ${context.experiment.name} · ${context.siteTitle}`,
    siteTitle: context.siteTitle,
    homeHref: href(path, sitePath.index),
    cssHref: href(path, sitePath.asset("report.css")),
    breadcrumb: [experiment, ...lineage, { text: name, href: "" }],
    scripts: [href(path, sitePath.asset("report.js"))],
    ...(children.length > 0 && { compareHref: href(path, sitePath.compare) }),
    run,
    id: run.id,
    name,
    status: statusView(run),
    start: formatUtcShort(run.startTime),
    startIso: formatUtc(run.startTime),
    end: run.endTime === null ? "" : formatUtcShort(run.endTime),
    endIso: run.endTime === null ? "" : formatUtc(run.endTime),
    duration: runDuration(run),
    experiment,
    experimentPath: context.experiment.path,
    parent: nearest ? { text: displayName(nearest), href: href(path, sitePath.run(nearest.id)) } : null,
    missingParent: run.parentId !== null && nearest?.id !== run.parentId ? run.parentId : "",
    problemsHref: href(path, sitePath.problems),
    description: run.description ?? "",
    noteHtml: run.description ? renderMarkdown(run.description) : "",
    source: sourceRows(run.source),
    params: keyValues(run.params, (value) => {
      const text = formatParam(value);
      const exact = typeof value === "number" ? formatExact(value) : String(value);
      return { value: text, title: exact === text ? "" : exact };
    }),
    tags: keyValues(run.tags, (value) => ({ value, title: "" })),
    metrics: metricRows(run),
    children,
    curveChildren: curveChildren(children, objective),
    // Each child's subtree is cut as on the experiment page: a chain 10,000 deep would otherwise list the
    // rest of the chain on every page of it (10,000² rows in all).
    childTable: children.length > 0 ? runsTable(children, context.childrenOf, path, { treeLimit: STATIC_TREE_ROWS, base, objective: context.objective }) : null,
    objective,
    best: choice && objective ? bestCard(choice, objective, path) : null,
    bestId: choice?.id ?? null,
    baseline: base && objective ? baselineCard(base, run, children, objective) : null,
    newSince: base && isNewSince(base, run) ? base.short : "",
    artifacts: artifactLinks(run.id, context.artifacts, path),
    childImages: context.artifactsOf ? childImages(curveChildren(children, objective), context.artifactsOf, path) : null,
    deleted: run.deleted ? deletedFact(run.deleted, context.ancestors, path) : null,
  };
}

function deletedFact(deleted: NonNullable<RunRecord["deleted"]>, ancestors: readonly RunRecord[], from: string): RunPagePlan["deleted"] {
  const id = deleted.ancestor;
  const shown = id === undefined ? undefined : ancestors.find((a) => a.id === id);
  return {
    when: formatUtcShort(deleted.time),
    whenIso: formatUtc(deleted.time),
    ancestor: id === undefined ? null : shown ? { text: displayName(shown), href: href(from, sitePath.run(shown.id)) } : { text: id, href: "" },
  };
}

function bestCard(choice: NonNullable<ReturnType<typeof bestChild>>, objective: ResolvedObjective, from: string): BestCard {
  const value = numberText(choice.value);
  return {
    name: displayName(choice),
    href: href(from, sitePath.run(choice.id)),
    metric: objective.metric,
    goal: objective.goal,
    value: value.value,
    valueExact: formatExact(choice.value),
    params: keyValues(choice.params, (v) => ({ value: formatParam(v), title: "" })),
    source: objective.declared ? "declared by this run" : "given by --objective",
    recorded: choice.recorded,
  };
}
