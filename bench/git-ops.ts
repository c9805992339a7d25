/**
 * Reading the store as committed, from git objects: `readStoreAt` (what `runtree diff` and `report --base`
 * do for the base) against the least git work that gets the same bytes: one `git ls-tree -r` of the store
 * and one `git cat-file --batch` of every experiment.json and run.json blob, each parsed with JSON.parse.
 * And the whole `runtree diff HEAD` (the base from git, the head from the working tree) against that floor
 * plus the raw read of the working tree.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, relative } from "node:path";
import { main } from "../src/cli/main.js";
import { readStoreAt } from "../src/index.js";
import { readStoreFloor } from "./floor.js";
import { elapsed, elapsedAsync, paired, type Figure } from "./timing.js";

const IDENTITY = ["-c", "user.name=bench", "-c", "user.email=bench@runtree.invalid", "-c", "commit.gpgsign=false"];

/** Commits the store (a repository made in its parent folder); returns how long `git add` + `git commit` took. */
export function commitStore(store: string): number {
  const repo = dirname(store);
  const git = (...args: string[]) => execFileSync("git", [...IDENTITY, ...args], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
  git("init", "-q");
  return elapsed(() => {
    git("add", relative(repo, store));
    git("commit", "-q", "-m", "bench store");
  });
}

/** The floor: ls-tree, then every experiment.json and run.json through one cat-file --batch, JSON.parse each. */
export function gitReadFloor(store: string): number {
  const repo = dirname(store);
  const listing = execFileSync("git", ["ls-tree", "-r", "-z", `HEAD:${relative(repo, store)}`], { cwd: repo, maxBuffer: 1 << 30 }).toString("utf8");
  const blobs: string[] = [];
  for (const record of listing.split("\0")) {
    const tab = record.indexOf("\t");
    if (tab > 0 && /(^|\/)(run|experiment)\.json$/.test(record.slice(tab + 1))) blobs.push(record.slice(0, tab).split(" ")[2]!);
  }
  const out = spawnSync("git", ["cat-file", "--batch"], { cwd: repo, input: blobs.join("\n") + "\n", maxBuffer: 1 << 30 }).stdout;
  let at = 0;
  let parsed = 0;
  while (at < out.length) {
    const newline = out.indexOf(10, at);
    const size = Number(out.toString("latin1", at, newline).split(" ")[2]);
    JSON.parse(out.toString("utf8", newline + 1, newline + 1 + size));
    at = newline + 1 + size + 1;
    parsed++;
  }
  return parsed;
}

export async function benchGitRead(store: string, runs: number): Promise<Figure[]> {
  const read = await paired(
    5,
    1,
    () => elapsedAsync(() => readStoreAt(store, "HEAD")),
    () => elapsed(() => gitReadFloor(store)),
  );
  const quiet = { write: () => true };
  const diff = await paired(
    3,
    1,
    () => elapsedAsync(() => main(["diff", "HEAD", "--store", store, "--json"], { stdout: quiet, stderr: quiet, cwd: dirname(store), env: {} })),
    () =>
      elapsed(() => {
        gitReadFloor(store);
        readStoreFloor(store);
      }),
  );
  const n = runs.toLocaleString("en-US");
  return [
    {
      what: `readStoreAt(HEAD), ${n} runs from git objects`,
      n: `1×${read.reps}`,
      ours: read.ours,
      floor: read.floor,
      floorWhat: "git ls-tree -r + cat-file --batch of the same blobs + JSON.parse",
    },
    {
      what: `runtree diff HEAD --json, ${n} runs`,
      n: `1×${diff.reps}`,
      ours: diff.ours,
      floor: diff.floor,
      floorWhat: "the git floor above + raw read of the working tree",
    },
  ];
}
