/**
 * The sweep view's state in the run page's URL hash, so a chosen objective can be shared:
 * `#o=<metric>:<min|max>&m=<curves metric>&cg=<param grouping the curves>&i=<image artifact path>`.
 * Components are percent-encoded; the goal follows the last `:`, since a metric key may itself contain `:`.
 * Malformed or unknown parts are ignored (a hand-edited link still opens the page), and a metric the
 * children did not log falls back to the default.
 */
import type { SweepObjective } from "./sweep-model.js";
import { decodeComponent, hashParts } from "../hash-parts.js";

export interface SweepViewState {
  /** The objective chosen on the page; null for the default. */
  readonly objective: SweepObjective | null;
  /** The metric of the overlaid curves; null for the default. */
  readonly curves: string | null;
  /** The param the curves are grouped by; null: each child's own curve. */
  readonly group: string | null;
  /** The image artifact shown for every child; null for none. */
  readonly image: string | null;
}

/** What the sweep has, beyond its metrics: a link may only select these. */
export interface SweepKeys {
  /** The children's params (a grouping). */
  readonly params?: readonly string[];
  /** The children's image artifacts. */
  readonly images?: readonly string[];
}

/** The hash names the sweep view owns. */
export const SWEEP_HASH_NAMES = ["o", "m", "cg", "i"] as const;

const decode = decodeComponent;

/** The hash for a state, without the leading `#`; "" when there is nothing to record. */
export function encodeSweepHash(state: SweepViewState): string {
  const parts: string[] = [];
  if (state.objective) parts.push(`o=${encodeURIComponent(state.objective.metric)}:${state.objective.goal}`);
  if (state.curves !== null) parts.push(`m=${encodeURIComponent(state.curves)}`);
  if (state.group !== null) parts.push(`cg=${encodeURIComponent(state.group)}`);
  if (state.image !== null) parts.push(`i=${encodeURIComponent(state.image)}`);
  return parts.join("&");
}

/**
 * Parses a hash (with or without `#`). `metricKeys` are the children's metrics: an objective or curves
 * metric outside them is dropped, so a link from another sweep cannot select a metric that is not there;
 * so is a grouping param or an image outside `keys`.
 */
export function decodeSweepHash(hash: string, metricKeys: readonly string[], keys: SweepKeys = {}): SweepViewState {
  const known = new Set(metricKeys);
  let objective: SweepObjective | null = null;
  let curves: string | null = null;
  let group: string | null = null;
  let image: string | null = null;
  for (const [name, value] of hashParts(hash)) {
    if (name === "o") {
      const colon = value.lastIndexOf(":");
      const metric = colon <= 0 ? null : decode(value.slice(0, colon));
      const goal = value.slice(colon + 1);
      if (metric !== null && known.has(metric) && (goal === "min" || goal === "max")) objective = { metric, goal };
    } else if (name === "m") {
      const metric = decode(value);
      if (metric !== null && known.has(metric)) curves = metric;
    } else if (name === "cg") {
      const param = decode(value);
      if (param !== null && (keys.params ?? []).includes(param)) group = param;
    } else if (name === "i") {
      const path = decode(value);
      if (path !== null && (keys.images ?? []).includes(path)) image = path;
    }
  }
  return { objective, curves, group, image };
}
