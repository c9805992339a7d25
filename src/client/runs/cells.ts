/**
 * One table cell per column for a run. Values are set as text (never markup); the exact value goes into the
 * title so a rounded number can still be read in full.
 */
import { h } from "../dom.js";
import { formatDuration, formatExact, formatNumber, formatParam, formatUtc, formatUtcShort } from "../../report/format.js";
import { commitTitle } from "../../report/commit-link.js";
import { STATUS_CODES, type CommitCell } from "../../report/page-data.js";
import type { ShownBest } from "./parent-results.js";
import type { Column } from "./columns.js";
import type { RunData } from "./run-data.js";

export function valueCell(column: Column, data: RunData, run: number): HTMLTableCellElement {
  switch (column.group) {
    case "param": {
      const value = data.param(column.index, run);
      if (value === undefined) return h("td", { class: "param missing" });
      return h("td", { class: typeof value === "number" ? "param num" : "param", title: String(value) }, formatParam(value));
    }
    case "metric": {
      const best = data.best(run);
      if (best !== undefined && best.metric === column.index) return bestCell(best, column.key, data.metric(column.index, run));
      const value = data.metric(column.index, run);
      if (value === undefined) return h("td", { class: "metric missing" });
      const className = Number.isFinite(value) ? "metric num" : "metric num special";
      return h("td", { class: className, title: formatExact(value) }, formatNumber(value));
    }
    case "tag": {
      const value = data.tag(column.index, run);
      return value === undefined ? h("td", { class: "tag missing" }) : h("td", { class: "tag", title: value }, value);
    }
    case "attribute":
      return attributeCell(column, data, run);
  }
}

/**
 * A parent's best child's value in the objective's column: marked as the child's, its name on hover (and
 * the parent's own value of the metric, should it have logged one: the row shows its result instead).
 */
function bestCell(best: ShownBest, key: string, own: number | undefined): HTMLTableCellElement {
  const how = best.recorded ? "recorded best child" : `best child by ${best.goal} ${key}`;
  const name = best.name === "" ? "(unnamed)" : best.name;
  const special = Number.isFinite(best.value) ? "" : " special";
  const ownText = own === undefined ? "" : `; this run's own value: ${formatExact(own)}`;
  return h(
    "td",
    { class: `metric num from-best${special}`, title: `${how}: ${name} (${formatExact(best.value)})${ownText}`, "data-best-child": name },
    formatNumber(best.value),
    h("span", { class: "best-mark", "aria-hidden": "true" }, "★"),
    h("span", { class: "visually-hidden" }, " (best child)"),
  );
}

/** A parent's children per status, after its own: small counts coloured by status, spelled out on hover. */
function childStatuses(counts: readonly number[] | undefined): HTMLElement | null {
  if (counts === undefined) return null;
  const shown = STATUS_CODES.flatMap((label, i) => ((counts[i] ?? 0) > 0 ? [{ label, count: counts[i] ?? 0 }] : []));
  if (shown.length === 0) return null;
  return h(
    "span",
    { class: "child-statuses", title: `children: ${shown.map((s) => `${s.count} ${s.label}`).join(", ")}` },
    ...shown.map((s) => h("span", { class: `child-status status-${s.label.toLowerCase()}` }, String(s.count))),
  );
}

/** Short id (linked on a known forge), a mark for uncommitted changes, the full id and branch on hover. */
function commitCell(commit: CommitCell | undefined): HTMLTableCellElement {
  if (commit === undefined) return h("td", { class: "commit missing" });
  const title = commitTitle(commit);
  const short = h("code", {}, commit.commit.slice(0, 7));
  const id = commit.url !== "" ? h("a", { href: commit.url, title, rel: "noreferrer" }, short) : h("span", { title }, short);
  return h("td", { class: "commit" }, id, commit.dirty && h("span", { class: "dirty", title: "uncommitted changes" }, "*"));
}

function attributeCell(column: Column, data: RunData, run: number): HTMLTableCellElement {
  if (column.id === "attributes.status") {
    const status = data.displayStatus(run);
    const own = h("span", { class: `status status-${status.toLowerCase()}` }, status);
    const children = childStatuses(data.childStatuses(run));
    return h("td", { class: "status-cell" }, own, children && " ", children);
  }
  if (column.id === "attributes.start_time") {
    // UTC, as on the static pages: the table and the run pages agree, and read the same on every machine.
    const start = data.startTime(run);
    return h("td", { class: "start" }, h("time", { datetime: formatUtc(start) }, formatUtcShort(start)));
  }
  if (column.id === "duration") {
    const duration = data.duration(run);
    return h("td", { class: "duration num" }, duration === null ? "" : formatDuration(duration));
  }
  if (column.id === "attributes.git_commit") return commitCell(data.commitCell(run));
  return h("td", {});
}
