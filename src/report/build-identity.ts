/**
 * Which runtree wrote a report, precisely enough that a report is never patched by code that would render
 * it differently: the package version, and a hash of the code and templates that render pages and the
 * assets copied beside them. The version alone would not do: a checkout between two releases, or a local
 * change to a template, renders other bytes under the same version.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding this module's stage folders: `src/` when run from source, `dist/` when installed. */
const CODE_ROOT = fileURLToPath(new URL("../", import.meta.url));
const TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));
const PACKAGE = fileURLToPath(new URL("../../package.json", import.meta.url));

/** Every file below `dir`, sorted, as paths relative to it. */
function filesBelow(dir: string, prefix = ""): string[] {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesBelow(dir, path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function hashTree(hash: ReturnType<typeof createHash>, label: string, dir: string): void {
  for (const path of filesBelow(dir)) {
    hash.update(`${label}/${path}\u0000`);
    hash.update(readFileSync(join(dir, path)));
    hash.update("\u0000");
  }
}

/** The running code does not change under a process: hash it once. */
let codeHash: { version: string; hash: string } | undefined;

function code(): { version: string; hash: string } {
  if (codeHash) return codeHash;
  const version = (JSON.parse(readFileSync(PACKAGE, "utf8")) as { version?: unknown }).version;
  const hash = createHash("sha256");
  hashTree(hash, "code", CODE_ROOT);
  hashTree(hash, "templates", TEMPLATES);
  codeHash = { version: typeof version === "string" ? version : "unknown", hash: hash.digest("hex") };
  return codeHash;
}

/** The identity of this runtree with these asset files: `{ version, identity }`. */
export function buildIdentity(assets: { readonly script: string; readonly style: string }): { version: string; identity: string } {
  const { version, hash } = code();
  const identity = createHash("sha256").update(`${version}\u0000${hash}\u0000`);
  identity.update(readFileSync(assets.script)).update("\u0000").update(readFileSync(assets.style));
  return { version, identity: identity.digest("hex") };
}
