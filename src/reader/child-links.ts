/**
 * The `children/` folder a parent's children write their links into (see `store/child-links.ts`). Readers
 * build the tree from each run's parentId and never need the links; the writer lists them to find a
 * parent's children when it ends, and `runtree check` reads and validates each one.
 */
import type { Dirent } from "node:fs";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Problem } from "../model/problem.js";
import { FILE } from "../format/records.js";
import { isChildFile } from "../format/schema.js";
import { fsSource } from "../source/fs-source.js";
import { readJsonFile } from "./read-json.js";

/** A link's file name: the child's run id, then `.json`. */
const LINK = /^([0-9a-f]{32})\.json$/;

/**
 * The child ids named by the links in `runDir`, sorted; none when it has no `children/` folder. Only the
 * names are read (temp files of a write in progress and stray names are left out): a link is a hint to
 * read the child's own run.json, which decides.
 */
export function childLinkIds(runDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(runDir, FILE.children));
  } catch {
    return [];
  }
  return names.flatMap((name) => LINK.exec(name)?.[1] ?? []).sort();
}

/**
 * Every link in `runDir`, read and validated: its name must be `<run id>.json` and the id inside must be
 * that id. Temp files (`.<name>.tmp`, left by a crash mid-write) are not data and are passed over, as
 * everywhere in the store. `display` is the run folder relative to the store root.
 */
export async function readChildLinks(runDir: string, display: string): Promise<{ ids: string[]; problems: Problem[] }> {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(runDir, FILE.children), { withFileTypes: true });
  } catch {
    return { ids: [], problems: [] };
  }
  const ids: string[] = [];
  const problems: Problem[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".")) continue;
    const file = `${display}/${FILE.children}/${entry.name}`;
    const id = LINK.exec(entry.name)?.[1];
    if (id === undefined || !entry.isFile()) {
      problems.push({ file, code: "UNEXPECTED_FILE", message: "expected only child links named <child run id>.json here; skipped" });
      continue;
    }
    const link = await readJsonFile(fsSource(runDir), `${FILE.children}/${entry.name}`, isChildFile, file);
    if (!link.ok) {
      problems.push(link.problem);
    } else if (link.value.id !== id) {
      problems.push({ file, code: "MISPLACED_CHILD_LINK", message: `the link names run ${link.value.id} but the file is named for ${id}; skipped` });
    } else {
      ids.push(id);
    }
  }
  return { ids, problems };
}
