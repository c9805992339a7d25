/**
 * A page worker (see page-pool.ts): makes the run pages of the chunks it is sent, from its copy of the site
 * plan, into the report folder (and the experiment's own files, when a chunk comes with them), and answers
 * each chunk with the files it wrote and the problems it found (one chunk at a time, in the order sent:
 * each answer holds what its own pages wrote).
 */
import { workerData } from "node:worker_threads";
import { writeExperimentFiles } from "./experiment-files.js";
import { historyShelf } from "../mlflow/history-shelf.js";
import type { Problem } from "../model/problem.js";
import { forEachBounded } from "./bounded.js";
import { pageWriter } from "./live-pages.js";
import type { Job, JobAnswer, WorkerInit } from "./page-pool.js";
import { runPageItems, type RunPageItem } from "./plan.js";
import { createRenderer } from "./render.js";
import { reviveSite } from "./revive-site.js";
import { IN_FLIGHT, makeRunPage, pageTools } from "./run-page-work.js";
import { siteWriter } from "./site-writer.js";
import { serveJobs } from "../threads/serve-jobs.js";

const init = workerData as WorkerInit;
const site = reviveSite(init.site);
const writer = siteWriter(init.root, new Map(init.seed.map(([folder, names]) => [folder, new Set(names)])));
let problems = new Map<string, Problem[]>();
const problemsOf = (group: string) => {
  let list = problems.get(group);
  if (!list) problems.set(group, (list = []));
  return list;
};
// The main thread keeps the budget: what it sends fits.
const shelf = historyShelf(Number.MAX_SAFE_INTEGER);
const tools = pageTools({ root: init.root, writer, renderer: createRenderer(), writePage: pageWriter(writer, init.live), problemsOf }, shelf);
const items = new Map<number, Map<string, RunPageItem>>();

function itemsOf(entry: number): Map<string, RunPageItem> {
  let found = items.get(entry);
  if (!found) items.set(entry, (found = new Map([...runPageItems(site, site.entries[entry]!)].map((item) => [item.run.id, item]))));
  return found;
}

async function make(job: Job): Promise<JobAnswer> {
  for (const [dir, histories] of job.histories) shelf.putPacked(dir, histories);
  const pages = job.runs.map((id) => itemsOf(job.entry).get(id)!);
  const before = writer.written;
  problems = new Map();
  if (job.files) writeExperimentFiles(site, site.entries[job.entry]!, tools);
  await forEachBounded(pages, IN_FLIGHT, (item) => makeRunPage(item, tools));
  return { groups: writer.drain(), problems: [...problems], written: writer.written - before };
}

serveJobs(make);
