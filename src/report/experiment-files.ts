/**
 * Writing an experiment's own files: its data, run slices and static pages. The same work on the main thread
 * and in a page worker (page-pool.ts), which takes it on with its first chunk of the experiment's run pages
 * so that the main thread starts on pages at once; the bytes do not depend on the thread that made them.
 */
import type { ExperimentEntry } from "./experiment-pages.js";
import { salter, type PageWriter } from "./live-pages.js";
import { groupName } from "./page-keys.js";
import { planExperimentFiles, type Site } from "./plan.js";
import type { Renderer } from "./render.js";
import type { SiteWriter } from "./site-writer.js";

export interface ExperimentTools {
  readonly writer: SiteWriter;
  readonly renderer: Renderer;
  readonly writePage: PageWriter;
}

/** Data first (planExperimentFiles' order), so that a live page's version covers its data. */
export function writeExperimentFiles(site: Site, entry: ExperimentEntry, tools: ExperimentTools): void {
  const group = groupName.experiment(entry.slug);
  const data = tools.writePage.live ? salter() : null;
  for (const page of planExperimentFiles(site, entry)) {
    const content = tools.renderer.render(page);
    if (page.kind === "experiment" || page.kind === "deleted") tools.writePage.write(group, page.path, content, data?.digest());
    else {
      data?.add(content);
      tools.writer.write(group, page.path, content);
    }
  }
}
