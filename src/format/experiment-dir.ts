import { createHash } from "node:crypto";

const SAFE_SLUG = /^[a-z0-9][a-z0-9._-]*$/;
const MAX_SLUG = 64;

/**
 * The directory of an experiment, derived from its name alone so that two machines creating the same
 * experiment pick the same directory (and write the same bytes), and git merges them without conflict.
 * A name that is already a safe slug is used as is; any other name becomes its slug plus a hash of the
 * exact name, so two different names never share a directory (not even "A" and "a" on a case-insensitive
 * disk).
 */
export function experimentDir(name: string): string {
  if (SAFE_SLUG.test(name) && name.length <= MAX_SLUG) return name;
  const hash = createHash("sha256").update(name, "utf8").digest("hex").slice(0, 8);
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG - 9)
    .replace(/-+$/, "");
  return slug === "" ? `exp-${hash}` : `${slug}-${hash}`;
}

/** Whether a directory name could have been produced by `experimentDir` (and is therefore safe as a path). */
export function isSafeDirName(dir: string): boolean {
  return SAFE_SLUG.test(dir) && dir.length <= MAX_SLUG;
}
