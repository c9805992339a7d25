/**
 * One colour per compared run, by its column: the same run has the same colour in the table's header, the
 * legend, every curve chart and the scatter. The first ten are a categorical palette (Tableau 10) whose
 * neighbours are easy to tell apart; past ten, hues step by the golden angle so no two runs share one, at
 * alternating lightness.
 */
import { h } from "../dom.js";

const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** The colour of the run in column `index` (0-based), as a CSS colour a canvas and SVG both take. */
export function runColor(index: number): string {
  const fixed = PALETTE[index];
  if (fixed !== undefined) return fixed;
  const n = index - PALETTE.length;
  const hue = Math.round((n * 137.508 + 20) % 360);
  return `hsl(${hue}, 62%, ${n % 2 === 0 ? 42 : 58}%)`;
}

/** The run's coloured mark; the colour is set through the CSSOM (the CSP forbids style attributes). */
export function swatch(index: number): HTMLElement {
  const mark = h("span", { class: "swatch", "aria-hidden": "true" });
  mark.style.setProperty("--swatch", runColor(index));
  return mark;
}
