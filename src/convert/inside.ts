import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";

/**
 * `root` joined with `segments`, refusing any result outside `root`. Every segment of a path we write comes
 * from a checked key, a run id or a directory listing, so this never fires on good input; it is the last
 * guard against a hostile name reaching the file system.
 */
export function inside(root: string, ...segments: string[]): string {
  const base = resolve(root);
  const path = resolve(base, ...segments);
  const rel = relative(base, path);
  // A parent segment, not any name that starts with two dots: "..." and "..notes" are files like others.
  const leaves = rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  if (!leaves) return path;
  throw new RuntreeError(ErrorCode.InvalidArgument, `Refusing to write ${path}: it is outside ${base}.`, {
    file: path,
    expected: `a path inside ${base}`,
  });
}

/** Like `inside`, after resolving symbolic links: a linked folder inside `root` must not lead out of it. */
export async function assertReallyInside(root: string, path: string): Promise<void> {
  const [base, real] = await Promise.all([realpath(root), realpath(path)]);
  inside(base, relative(base, real));
}
