/**
 * Where a run's commit can be seen: the commit's page on a known forge, built only from a recorded remote
 * that is an https URL of github.com, gitlab.com, bitbucket.org or codeberg.org, with a repository path of
 * plain segments and a hex commit id. Anything else (ssh remotes, self-hosted hosts, odd paths) gets no
 * link rather than a guessed one. Credentials in a recorded URL (an MLflow import can carry
 * `https://user:token@host/...`) are never shown, in a link or as text.
 */
import type { SourceFile } from "../format/records.js";
import type { CommitCell } from "./page-data.js";

/** How each forge spells a commit's page, from the repository's path segments. */
const FORGES: Readonly<Record<string, { readonly minSegments: number; readonly maxSegments: number; readonly commit: (repo: string, sha: string) => string }>> = {
  "github.com": { minSegments: 2, maxSegments: 2, commit: (repo, sha) => `https://github.com/${repo}/commit/${sha}` },
  "gitlab.com": { minSegments: 2, maxSegments: 20, commit: (repo, sha) => `https://gitlab.com/${repo}/-/commit/${sha}` },
  "bitbucket.org": { minSegments: 2, maxSegments: 2, commit: (repo, sha) => `https://bitbucket.org/${repo}/commits/${sha}` },
  "codeberg.org": { minSegments: 2, maxSegments: 2, commit: (repo, sha) => `https://codeberg.org/${repo}/commit/${sha}` },
};

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const COMMIT = /^[0-9a-f]{7,64}$/;

/**
 * The URL of `commit`'s page on the forge `remote` points at, or null.
 * @example commitUrl("https://github.com/acme/models.git", "1a2b3c4d") // "https://github.com/acme/models/commit/1a2b3c4d"
 */
export function commitUrl(remote: string | undefined, commit: string): string | null {
  if (remote === undefined || !COMMIT.test(commit)) return null;
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.port !== "" || url.search !== "" || url.hash !== "") return null;
  const forge = Object.hasOwn(FORGES, url.hostname) ? FORGES[url.hostname] : undefined;
  if (forge === undefined) return null;
  const segments = url.pathname.replace(/\/+$/, "").replace(/\.git$/, "").split("/").slice(1);
  if (segments.length < forge.minSegments || segments.length > forge.maxSegments || !segments.every((s) => SEGMENT.test(s))) return null;
  return forge.commit(segments.join("/"), commit);
}

/** A run's commit as the runs tables show it, or null when the run records none. */
export function commitCell(source: SourceFile | undefined): CommitCell | null {
  const git = source?.git;
  if (git === undefined) return null;
  return { commit: git.commit, dirty: git.dirty, branch: git.branch ?? "", url: commitUrl(git.remote, git.commit) ?? "" };
}

/**
 * What hovering a commit says: its full id, the branch, and whether there were uncommitted changes.
 * @example commitTitle({ commit: "1a2b…", dirty: true, branch: "main", url: "" }) // "1a2b… on main, with uncommitted changes"
 */
export function commitTitle(cell: CommitCell): string {
  return `${cell.commit}${cell.branch !== "" ? ` on ${cell.branch}` : ""}${cell.dirty ? ", with uncommitted changes" : ""}`;
}

/**
 * A remote as it may be shown: any `user:password@` part removed.
 * @example shownRemote("https://bot:ghp_secret@github.com/acme/models.git") // "https://github.com/acme/models.git"
 */
export function shownRemote(remote: string): string {
  return remote.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, "$1");
}
