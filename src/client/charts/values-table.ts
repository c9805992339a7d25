/**
 * The points a chart draws, as a table: for reading exact numbers, for copying them, and for screen
 * readers (a canvas says nothing). Built only when the reader opens it; long lists are cut with a note.
 */
import { formatExact, formatUtc } from "../../report/format.js";
import type { XMode } from "../../report/page-data.js";
import { h } from "../dom.js";
import type { XYT } from "./unpack.js";

export const MAX_VALUE_ROWS = 5000;

export function valuesTable(points: XYT, mode: XMode, note: string): HTMLElement {
  const body = h("tbody");
  const rows = Math.min(points.x.length, MAX_VALUE_ROWS);
  for (let i = 0; i < rows; i++) {
    const value = points.y[i]!;
    body.appendChild(
      h(
        "tr",
        { "data-x": points.x[i]!, "data-value": String(value), class: Number.isFinite(value) ? false : "nonfinite" },
        h("td", { class: "num" }, points.x[i]!.toLocaleString("en-US")),
        h("td", { class: "num" }, formatExact(value)),
        h("td", {}, formatUtc(points.t[i]!)),
      ),
    );
  }
  const cut = points.x.length > rows ? h("p", { class: "note" }, `First ${rows.toLocaleString("en-US")} rows shown.`) : null;
  return h(
    "div",
    { class: "values-wrap" },
    h("p", { class: "note" }, note),
    h(
      "table",
      { class: "values" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "num" }, mode === "point" ? "point" : "step"), h("th", { scope: "col", class: "num" }, "value"), h("th", { scope: "col" }, "time (UTC)"))),
      body,
    ),
    cut,
  );
}
