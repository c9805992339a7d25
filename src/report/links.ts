/**
 * Where every file of the site lives, and every link between them: the one place that knows the layout
 * described in `page-data.ts`. Links are relative (the site opens from `file://` and from any sub-path of a
 * static host) and always name the file (`.../index.html`), because `file://` does not resolve folders.
 */
import { encodePath } from "./escape.js";
import { runSegment } from "./site-names.js";

const ACTIVE_CONTENT = /\.(html?|xhtml|xht|shtml|svgz?|xml|xsl|xslt|mht|mhtml)$/i;

/** Site paths: posix, relative to the output folder. Names from the store are made safe before they get here. */
export const sitePath = {
  index: "index.html",
  problems: "problems.html",
  /** Compares the runs its hash names (`#runs=<id>,<id>`); at the root, so run ids are all it needs. */
  compare: "compare.html",
  /** Present in every report we write, so a later build knows it may replace the folder. */
  marker: ".runtree-report",
  asset: (name: string): string => `assets/${name}`,
  experiment: (slug: string, page = 1): string =>
    page <= 1 ? `experiments/${slug}/index.html` : `experiments/${slug}/page-${page}.html`,
  experimentData: (slug: string): string => `experiments/${slug}/data.js`,
  /** The experiment's deleted runs (the "show deleted" side of its page). */
  deletedRuns: (slug: string): string => `experiments/${slug}/deleted.html`,
  /** Slice `k` (k >= 1) of an experiment's runs; slice 0 is in data.js. */
  experimentSlice: (slug: string, k: number): string => `experiments/${slug}/runs-${k}.js`,
  run: (id: string): string => `runs/${runSegment(id)}/index.html`,
  /** A data file beside a run's page; `relative` is one of ours (`history/0-1.js`), never a user string. */
  runFile: (id: string, relative: string): string => `runs/${runSegment(id)}/${relative}`,
  /**
   * `segments` must come from `artifactSegments` (each one checked). Artifacts a browser would run as a
   * page (HTML, SVG, XML) are published with `.txt` appended: opened from a static host they would
   * otherwise run their scripts in the report's own origin, outside its Content-Security-Policy.
   */
  artifact: (id: string, segments: readonly string[]): string =>
    `runs/${runSegment(id)}/artifacts/${segments.join("/")}${ACTIVE_CONTENT.test(segments[segments.length - 1] ?? "") ? ".txt" : ""}`,
} as const;

/**
 * The URL of site file `to` as seen from site file `from`, percent-encoded.
 *
 * @example href("experiments/a/index.html", "runs/0123/index.html") // "../../runs/0123/index.html"
 */
export function href(from: string, to: string): string {
  // Character by character, not split into segments: every run page makes dozens of links.
  /** Where the common folders end: just after the last "/" up to which both paths are the same. */
  let common = 0;
  const shorter = Math.min(from.length, to.length);
  for (let i = 0; i < shorter && from.charCodeAt(i) === to.charCodeAt(i); i++) if (from.charCodeAt(i) === SLASH) common = i + 1;
  let up = 0;
  for (let i = common; i < from.length; i++) if (from.charCodeAt(i) === SLASH) up++;
  return encodePath("../".repeat(up) + to.slice(common));
}

const SLASH = 0x2f;

/** The way back to the site root from a page, e.g. `../../` from a run page (empty at the root). */
export function rootPrefix(from: string): string {
  return "../".repeat(from.split("/").length - 1);
}
