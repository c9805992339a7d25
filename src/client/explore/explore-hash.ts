/**
 * The experiment page's chart panel in the URL hash, beside the runs table's own parts (view-state.ts):
 * `#g=1&gx=<column>&gy=<column>&gc=<column>&gb=<column>&go=<asc|desc>`: the panel open, the scatter's x and
 * y, the param that colours its points, the bar chart's metric and its order. Columns are `params.<key>`
 * or `metrics.<key>`, percent-encoded. Malformed or unknown parts are ignored, and a column the experiment
 * does not have is dropped (a link from another experiment falls back to the defaults), never fatal.
 */
import { decodeComponent, hashParts } from "../hash-parts.js";

export interface ExploreState {
  readonly open: boolean;
  /** Null: the default choice. */
  readonly x: string | null;
  readonly y: string | null;
  /** The param whose values colour the scatter's points; null: one colour. */
  readonly color: string | null;
  readonly bar: string | null;
  readonly order: "asc" | "desc";
}

/** The hash names this panel owns; the runs table owns others of the same hash. */
export const EXPLORE_HASH_NAMES = ["g", "gx", "gy", "gc", "gb", "go"] as const;

export const CLOSED: ExploreState = { open: false, x: null, y: null, color: null, bar: null, order: "asc" };

/** The panel's parts of the hash, without `#`; "" when the panel is closed and on its defaults. */
export function encodeExploreHash(state: ExploreState): string {
  const parts: string[] = [];
  if (state.open) parts.push("g=1");
  const column = (name: string, value: string | null): void => {
    if (value !== null) parts.push(`${name}=${encodeURIComponent(value)}`);
  };
  column("gx", state.x);
  column("gy", state.y);
  column("gc", state.color);
  column("gb", state.bar);
  if (state.order === "desc") parts.push("go=desc");
  return parts.join("&");
}

/** Parses a hash (with or without `#`); `columns` are those the experiment has. */
export function decodeExploreHash(hash: string, columns: ReadonlySet<string>): ExploreState {
  const state: { -readonly [K in keyof ExploreState]: ExploreState[K] } = { ...CLOSED };
  const known = (value: string): string | null => {
    const column = decodeComponent(value);
    return column !== null && columns.has(column) ? column : null;
  };
  for (const [name, value] of hashParts(hash)) {
    if (name === "g") state.open = value === "1";
    else if (name === "gx") state.x = known(value);
    else if (name === "gy") state.y = metricOnly(known(value));
    else if (name === "gc") state.color = paramOnly(known(value));
    else if (name === "gb") state.bar = metricOnly(known(value));
    else if (name === "go") state.order = value === "desc" ? "desc" : "asc";
  }
  return state;
}

const metricOnly = (column: string | null): string | null => (column?.startsWith("metrics.") ? column : null);
const paramOnly = (column: string | null): string | null => (column?.startsWith("params.") ? column : null);
