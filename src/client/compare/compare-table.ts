/**
 * The compare page's table: one column per run in the order asked for, each headed by `th[data-run-id]`
 * (its colour, name, experiment, parent and status); then the params (`tr[data-param-key]`, with
 * `data-differs="true"` where the runs differ) and the metrics (`tr[data-metric-key][data-stat]`: last,
 * min, max; the best of each row marked for the chosen goal). One table, so the columns line up and the
 * header stays above both. Values are text, never markup.
 */
import { formatExact, formatNumber, formatParam } from "../../report/format.js";
import type { RunSummary } from "../../report/summary-data.js";
import { h } from "../dom.js";
import { metricRows, paramRows, runLabel, type MetricRow } from "./compare-model.js";
import { swatch } from "./run-colors.js";

export interface CompareTable {
  readonly element: HTMLTableElement;
  /** Marks the best value of each metric row for `goal`. */
  setGoal(goal: "min" | "max"): void;
}

function runHeader(run: RunSummary, index: number): HTMLTableCellElement {
  const parent = run.parent;
  return h(
    "th",
    { scope: "col", "data-run-id": run.id, class: "run-head" },
    h("div", { class: "run-name" }, swatch(index), h("a", { href: run.href }, runLabel(run))),
    h("div", { class: "run-experiment" }, h("a", { href: run.experiment.href }, run.experiment.name)),
    parent &&
      h(
        "div",
        { class: "run-parent" },
        "child of ",
        parent.href === "" ? h("code", { title: "not in this report" }, parent.id.slice(0, 12)) : h("a", { href: parent.href }, runLabel(parent)),
      ),
    h("span", { class: `status status-${run.status.toLowerCase()}` }, run.status),
  );
}

function sectionRow(title: string, span: number): HTMLTableRowElement {
  return h("tr", { class: "section" }, h("th", { scope: "rowgroup", colspan: span }, title));
}

function valueCell(text: string, exact: string, className: string): HTMLTableCellElement {
  return text === "" ? h("td", { class: `${className} missing` }) : h("td", { class: className, title: exact === text ? null : exact }, text);
}

export function createCompareTable(runs: readonly RunSummary[], goal: "min" | "max"): CompareTable {
  const span = runs.length + 1;
  const head = h("thead", {}, h("tr", {}, h("td", { class: "corner" }), ...runs.map(runHeader)));
  const params = h("tbody", { class: "params" }, sectionRow("Params", span));
  for (const row of paramRows(runs)) {
    params.appendChild(
      h(
        "tr",
        { "data-param-key": row.key, "data-differs": row.differs ? "true" : "false" },
        h("th", { scope: "row" }, row.key),
        ...row.values.map((value) =>
          value === undefined ? valueCell("", "", "param") : valueCell(formatParam(value), String(value), typeof value === "number" ? "param num" : "param"),
        ),
      ),
    );
  }
  if (params.rows.length === 1) params.appendChild(h("tr", { class: "none" }, h("td", { colspan: span, class: "empty" }, "No params.")));
  const metrics = h("tbody", { class: "metrics" }, sectionRow("Metrics", span));
  const metricCells: Array<{ row: MetricRow; cells: HTMLTableCellElement[] }> = [];
  for (const row of metricRows(runs, goal)) {
    const cells = row.values.map((value) => (value === undefined ? valueCell("", "", "metric num") : valueCell(formatNumber(value), formatExact(value), "metric num")));
    // The key heads its first row; the next two repeat it for screen readers only.
    const key = h("span", { class: row.stat === "last" ? "metric-key" : "metric-key visually-hidden" }, row.key);
    const label = h("th", { scope: "row" }, key, " ", h("span", { class: "stat" }, row.stat));
    metrics.appendChild(h("tr", { "data-metric-key": row.key, "data-stat": row.stat, class: `stat-${row.stat}` }, label, ...cells));
    metricCells.push({ row, cells });
  }
  if (metricCells.length === 0) metrics.appendChild(h("tr", { class: "none" }, h("td", { colspan: span, class: "empty" }, "No metrics.")));
  const element = h("table", { class: "compare-table" }, head, params, metrics);

  const setGoal = (next: "min" | "max") => {
    const rows = metricRows(runs, next);
    metricCells.forEach(({ cells }, r) => {
      const best = rows[r]?.best ?? new Set<number>();
      cells.forEach((cell, i) => {
        cell.classList.toggle("best", best.has(i));
        if (best.has(i)) cell.setAttribute("data-best", "true");
        else cell.removeAttribute("data-best");
      });
    });
  };
  setGoal(goal);
  return { element, setGoal };
}
