/**
 * What each template receives. These are view models: every string is final text (formatted, not yet
 * escaped: the templates escape on output) and every link is already relative to the page. They are
 * distinct from the model (`model/`) and from the browser's data (`page-data.ts`).
 */
import type { ArtifactKind } from "./artifact-kind.js";
import type { RunsTable, StatusView } from "./rows.js";

export const PageKind = {
  Index: "index",
  Experiment: "experiment",
  Run: "run",
  Problems: "problems",
  Deleted: "deleted",
  Compare: "compare",
} as const;
export type PageKind = (typeof PageKind)[keyof typeof PageKind];

export interface Link {
  readonly text: string;
  readonly href: string;
}

/** What the layout needs on every page. */
export interface LayoutModel {
  /** `data-page` of the body. */
  readonly page: PageKind;
  /** The document title. */
  readonly title: string;
  readonly siteTitle: string;
  readonly homeHref: string;
  readonly cssHref: string;
  /** Trail from the index to this page (this page last, without a link). */
  readonly breadcrumb: readonly Link[];
  /** Script URLs, in order, at the end of the body. */
  readonly scripts: readonly string[];
  /** Pages with a runs table: the compare page (`compare.html`), where the selected runs are compared. */
  readonly compareHref?: string;
}

export interface StatusCount extends StatusView {
  readonly count: number;
}

export interface ExperimentSummaryRow {
  readonly name: string;
  readonly href: string;
  readonly description: string;
  readonly runCount: number;
  readonly deletedCount: number;
  readonly topLevelRunCount: number;
  readonly statuses: readonly StatusCount[];
  readonly lastActivity: string;
  readonly lastActivityIso: string;
}

export interface IndexModel extends LayoutModel {
  readonly experiments: readonly ExperimentSummaryRow[];
  readonly runCount: number;
  readonly problemCount: number;
  readonly problemsHref: string;
  /** "Generated at …" when the build was asked to stamp the time (`--stamp`), else empty. */
  readonly stamp: string;
}

export interface ProblemRow {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

export interface ProblemsModel extends LayoutModel {
  readonly problems: readonly ProblemRow[];
}

export interface PagerItem {
  /** A page number, or null for a gap ("…"). */
  readonly page: number | null;
  readonly href: string;
  readonly current: boolean;
}

export interface Pager {
  readonly items: readonly PagerItem[];
  readonly prevHref: string;
  readonly nextHref: string;
}

export interface ExperimentPageModel extends LayoutModel {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly KeyValue[];
  readonly runCount: number;
  readonly rootCount: number;
  readonly statuses: readonly StatusCount[];
  /** "Top-level runs 101–200 of 2000", or empty when everything fits on one page. */
  readonly range: string;
  readonly table: RunsTable;
  readonly pager: Pager | null;
  /** Deleted runs of the experiment (shown on their own page), and the link to it. */
  readonly deletedCount: number;
  readonly deletedHref: string;
}

/** An experiment's deleted runs: the page its "show deleted" link opens. */
export interface DeletedPageModel extends LayoutModel {
  readonly name: string;
  readonly deletedCount: number;
  readonly activeCount: number;
  /** The experiment's page (its active runs): "hide deleted". */
  readonly activeHref: string;
  readonly table: RunsTable;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Exact value for a tooltip, empty when `value` is exact. */
  readonly title: string;
}

export interface MetricRow {
  readonly key: string;
  readonly last: string;
  readonly min: string;
  readonly max: string;
  readonly step: string;
  readonly count: string;
  readonly lastExact: string;
}

export interface ArtifactLink {
  readonly path: string;
  /** The checked segments of `path` (see `site-names.ts`). */
  readonly segments: readonly string[];
  readonly href: string;
  /** How the page shows it (`artifact-kind.ts`); a thumbnail only for the first `MAX_THUMBNAILS` images. */
  readonly kind: ArtifactKind;
  /** For a text artifact among the first `MAX_PREVIEWS`: its first bytes as text, once the builder read them. */
  readonly preview?: ArtifactPreview;
}

/** The start of a text artifact, to be shown escaped (never as HTML). */
export interface ArtifactPreview {
  /** The text of the first `PREVIEW_BYTES` (cut at a character boundary); empty when not shown. */
  readonly text: string;
  /** The file's size in bytes. */
  readonly size: number;
  readonly truncated: boolean;
  /** Why there is no preview (binary content, unreadable), or empty. */
  readonly problem: string;
}

export interface BestCard {
  readonly name: string;
  readonly href: string;
  readonly metric: string;
  readonly goal: "min" | "max";
  readonly value: string;
  readonly valueExact: string;
  readonly params: readonly KeyValue[];
  /** Where the objective came from, in words. */
  readonly source: string;
  /** True when the card shows the parent's recorded best child (none of the children in the report has the metric). */
  readonly recorded: boolean;
}

export interface SweepView {
  /** "metric (min)", or empty when no objective applies. */
  readonly objective: string;
  readonly best: BestCard | null;
}

/** The compare page: a static shell the script fills from the runs its hash names. */
export type CompareModel = LayoutModel;
