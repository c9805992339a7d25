/**
 * One table cell per column for a run. Values are set as text (never markup); the exact value goes into the
 * title so a rounded number can still be read in full.
 */
import { own } from "../../format/dictionary.js";
import { decodeNumber } from "../../format/metric-value.js";
import { h } from "../dom.js";
import { formatDuration, formatExact, formatNumber, formatParam, formatUtc, formatUtcShort } from "../../report/format.js";
import type { Column } from "./columns.js";
import type { RunNode } from "./run-index.js";
import { displayStatus, durationOf } from "./run-facts.js";

export function valueCell(column: Column, node: RunNode): HTMLTableCellElement {
  const run = node.run;
  switch (column.group) {
    case "param": {
      const value = own(run.params, column.key);
      if (value === undefined) return h("td", { class: "param missing" });
      return h("td", { class: typeof value === "number" ? "param num" : "param", title: String(value) }, formatParam(value));
    }
    case "metric": {
      const encoded = own(run.metrics, column.key);
      if (encoded === undefined) return h("td", { class: "metric missing" });
      const value = decodeNumber(encoded);
      const className = Number.isFinite(value) ? "metric num" : "metric num special";
      return h("td", { class: className, title: formatExact(value) }, formatNumber(value));
    }
    case "tag": {
      const value = own(run.tags, column.key);
      return value === undefined ? h("td", { class: "tag missing" }) : h("td", { class: "tag", title: value }, value);
    }
    case "attribute":
      return attributeCell(column, node);
  }
}

function attributeCell(column: Column, node: RunNode): HTMLTableCellElement {
  const run = node.run;
  if (column.id === "attributes.status") {
    const status = displayStatus(node);
    return h("td", { class: "status-cell" }, h("span", { class: `status status-${status.toLowerCase()}` }, status));
  }
  if (column.id === "attributes.start_time") {
    // UTC, as on the static pages: the table and the run pages agree, and read the same on every machine.
    return h("td", { class: "start" }, h("time", { datetime: formatUtc(run.startTime) }, formatUtcShort(run.startTime)));
  }
  if (column.id === "duration") {
    const duration = durationOf(node);
    return h("td", { class: "duration num" }, duration === null ? "" : formatDuration(duration));
  }
  return h("td", {});
}
