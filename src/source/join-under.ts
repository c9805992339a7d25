/**
 * Paths below one folder, made many times over (every file of a store read, every file of a site written):
 * `path.join`'s result, without normalising a relative path that needs none.
 */
import { join, sep } from "node:path";

/** A relative posix path of plain segments: none empty, none `.` or `..`, no leading `/`. */
const PLAIN = /^(?:(?!\.\.?(?:\/|$))[^/]+(?:\/|$))+$/;

/**
 * `(relative) => join(root, relative)` for a relative posix path, the same string `join` gives.
 *
 * @example joinUnder("out/")("runs/0123/index.html") // "out/runs/0123/index.html"
 */
export function joinUnder(root: string): (relative: string) => string {
  const base = join(root);
  const prefix = base === "." || base === `.${sep}` ? "" : base.endsWith(sep) ? base : base + sep;
  if (sep !== "/") return (relative) => join(root, relative);
  return (relative) => (PLAIN.test(relative) ? prefix + relative : join(root, relative));
}
