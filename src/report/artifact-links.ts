/**
 * The links a run page makes to artifacts (pure): its own, each with the way the page shows it (a
 * thumbnail, a text preview, a link), and for a sweep its children's images, which the sweep view shows
 * side by side. Paths come checked (`site-names.ts`); links are relative to the page.
 */
import { dictionary } from "../format/dictionary.js";
import { compareKeys } from "../format/stable-json.js";
import type { RunRecord } from "../model/run-record.js";
import { ArtifactKind, artifactKind } from "./artifact-kind.js";
import { href, sitePath } from "./links.js";
import type { ChildImages } from "./page-data.js";
import type { ArtifactLink } from "./page-models.js";

/** Images shown as thumbnails on a run page; more are listed as links (a page of 10,000 images would not load). */
export const MAX_THUMBNAILS = 100;

export function artifactLinks(id: string, artifacts: ReadonlyArray<readonly string[]>, from: string): ArtifactLink[] {
  let thumbnails = 0;
  return artifacts.map((segments) => {
    const path = segments.join("/");
    let kind = artifactKind(path);
    if (kind === ArtifactKind.Image && thumbnails++ >= MAX_THUMBNAILS) kind = ArtifactKind.Other;
    return { path, segments, href: href(from, sitePath.artifact(id, segments)), kind };
  });
}

/** Per child (in `children`) its image artifacts' links from the parent's page, keyed by artifact path. */
export function childImages(
  children: readonly RunRecord[],
  artifactsOf: (id: string) => ReadonlyArray<readonly string[]>,
  from: string,
): ChildImages | null {
  const paths = new Set<string>();
  const byChild: Record<string, Record<string, string>> = dictionary();
  for (const child of children) {
    for (const segments of artifactsOf(child.id)) {
      const path = segments.join("/");
      if (artifactKind(path) !== ArtifactKind.Image) continue;
      paths.add(path);
      (byChild[child.id] ??= dictionary())[path] = href(from, sitePath.artifact(child.id, segments));
    }
  }
  return paths.size === 0 ? null : { paths: [...paths].sort(compareKeys), children: byChild };
}
