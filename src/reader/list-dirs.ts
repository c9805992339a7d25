import type { Problem } from "../model/problem.js";
import { linkProblem, type StoreSource } from "../source/store-source.js";

/** Sorted names of the sub-folders of `dir` (relative to the source's root) that pass `keep`; none when it cannot be read. */
export async function listDirs(source: StoreSource, dir: string, keep: (name: string) => boolean): Promise<string[]> {
  return (await source.list(dir)).filter((entry) => entry.kind === "dir" && keep(entry.name)).map((entry) => entry.name);
}

/**
 * As `listDirs`, and each symbolic link among the entries `keep` accepts is named in `problems` (a link is
 * never followed: it could point anywhere on the machine).
 */
export async function listDirsNamingLinks(source: StoreSource, dir: string, keep: (name: string) => boolean, problems: Problem[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const entry of await source.list(dir)) {
    if (!keep(entry.name)) continue;
    if (entry.kind === "link") problems.push(linkProblem(dir === "" ? entry.name : `${dir}/${entry.name}`));
    if (entry.kind === "dir") dirs.push(entry.name);
  }
  return dirs;
}
