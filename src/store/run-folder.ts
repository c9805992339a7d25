/**
 * A run's folder comes into being whole: prepared under a temp name with its run.json, then renamed into
 * place, then linked from its parent. So no reader, and no kill, full disk or refused write at any moment
 * of a start, ever leaves a run folder without its run.json or a link to a run that is not there.
 */
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { FILE, type RunFile } from "../format/records.js";
import { removeChildLink, writeChildLink } from "./child-links.js";
import { writeFailed } from "../errors.js";
import { writeJsonSync } from "./write-file.js";

/**
 * Creates `<experimentPath>/<record.id>/run.json` and, for a child, its link in `parentDir`. On failure
 * nothing is left behind and the error is rethrown.
 */
export function createRunFolder(experimentPath: string, record: RunFile, parentDir: string | undefined): void {
  const dir = join(experimentPath, record.id);
  // A dot name that is not a run id: readers pass over it, so a start cut short leaves no damage.
  const temp = join(experimentPath, `.${record.id}.${process.pid}.tmp`);
  try {
    mkdirSync(temp);
    writeJsonSync(join(temp, FILE.run), record);
    renameSync(temp, dir);
  } catch (error) {
    try {
      rmSync(temp, { recursive: true, force: true });
    } catch {
      // A read-only store refuses even this; nothing was made there then.
    }
    throw writeFailed("create the run folder", dir, error);
  }
  if (parentDir === undefined) return;
  // The link after the folder: a parent ending between the two misses only a child that has logged
  // nothing yet, so it could not have been the best. The other order left a stale link when a start was
  // cut short between the two.
  try {
    writeChildLink(parentDir, record.id);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    removeChildLink(parentDir, record.id);
    throw error;
  }
}
