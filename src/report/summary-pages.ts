/**
 * The site-wide pages: the index of experiments and the list of files that could not be read, planned last,
 * once every problem (including those found while copying artifacts) is known; and the compare page.
 */
import type { Problem } from "../model/problem.js";
import { compareKeys } from "../format/stable-json.js";
import { statusCounts, type ExperimentEntry } from "./experiment-pages.js";
import { formatUtc, formatUtcShort } from "./format.js";
import { href, sitePath } from "./links.js";
import { PageKind, type CompareModel, type IndexModel, type LayoutModel, type ProblemsModel } from "./page-models.js";

function layout(path: string, page: LayoutModel["page"], title: string, siteTitle: string): LayoutModel {
  return {
    page,
    title,
    siteTitle,
    homeHref: href(path, sitePath.index),
    cssHref: href(path, sitePath.asset("report.css")),
    breadcrumb: [],
    scripts: [href(path, sitePath.asset("report.js"))],
  };
}

/** Problems in a stable order, each reported once (a file can be reached twice, e.g. by two readers). */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const problem of problems) {
    const key = `${problem.file}\u0000${problem.code}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out.sort(
    (a, b) => compareKeys(a.file, b.file) || compareKeys(a.code, b.code) || compareKeys(a.message, b.message),
  );
}

export function planIndexPage(
  entries: readonly ExperimentEntry[],
  problems: readonly Problem[],
  siteTitle: string,
  stamp: number | null,
): IndexModel {
  const path = sitePath.index;
  return {
    ...layout(path, PageKind.Index, siteTitle, siteTitle),
    experiments: entries.map(({ record, slug }) => ({
      name: record.name,
      href: href(path, sitePath.experiment(slug)),
      description: record.description ?? "",
      runCount: record.runCount,
      deletedCount: record.deletedRunCount,
      topLevelRunCount: record.topLevelRunCount,
      statuses: statusCounts(record),
      lastActivity: record.lastActivity === null ? "" : formatUtcShort(record.lastActivity),
      lastActivityIso: record.lastActivity === null ? "" : formatUtc(record.lastActivity),
    })),
    runCount: entries.reduce((sum, entry) => sum + entry.record.runCount, 0),
    problemCount: problems.length,
    problemsHref: href(path, sitePath.problems),
    stamp: stamp === null ? "" : `Generated ${formatUtcShort(stamp)}`,
  };
}

/** `problems` must already be sorted (`sortProblems`). */
export function planProblemsPage(problems: readonly Problem[], siteTitle: string): ProblemsModel {
  const path = sitePath.problems;
  return {
    ...layout(path, PageKind.Problems, `Problems · ${siteTitle}`, siteTitle),
    breadcrumb: [{ text: "Problems", href: "" }],
    problems: problems.map(({ file, code, message }) => ({ file, code, message })),
  };
}

/** The compare page: the script reads the runs from the hash and loads each one's `summary.js`. */
export function planComparePage(siteTitle: string): CompareModel {
  return { ...layout(sitePath.compare, PageKind.Compare, `Compare runs · ${siteTitle}`, siteTitle), breadcrumb: [{ text: "Compare runs", href: "" }] };
}
