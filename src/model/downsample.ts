/**
 * M4 downsampling (Jugel et al., "M4: a visualization-oriented time series data aggregation", VLDB 2014):
 * split the x range into one bucket per horizontal pixel and keep, per bucket, the first, last, lowest and
 * highest point. A line through what is kept draws the same pixels as a line through every point, so spikes
 * and the final value survive, at a cost bounded by the chart's width instead of the history's length.
 *
 * Non-finite values are not lines: per bucket the first NaN, the first +Infinity and the first -Infinity are
 * kept as well, so a run that diverged shows where, however few such points there are.
 *
 * Points may arrive in any order (a history is not always logged in step order): "first" and "last" are by
 * (x, time, arrival), so the result does not depend on the order of the input. Pure, and used both by the
 * report builder (streaming over metrics.jsonl) and by the browser (re-bucketing a zoomed range).
 */

/** Parallel arrays, sorted by (x, time, arrival). */
export interface Columns {
  readonly x: number[];
  readonly y: number[];
  readonly t: number[];
}

/** The kept points of one bucket: first, last, min, max, first NaN, first +Infinity, first -Infinity. */
const SLOTS = 7;
const FIRST = 0;
const LAST = 1;
const MIN = 2;
const MAX = 3;
const NAN = 4;
const POS_INF = 5;
const NEG_INF = 6;
/** Per slot: x, y, t, arrival. */
const FIELDS = 4;
/** How a slot's point is chosen. */
type Rule = 0 | 1 | 2 | 3;
const EARLIER = 0;
const LATER = 1;
const LOWER = 2;
const HIGHER = 3;

/** The bucket of `x` when `[xMin, xMax]` (whole numbers) is cut into `buckets` equal parts. */
export function bucketOf(x: number, xMin: number, xMax: number, buckets: number): number {
  const b = Math.floor(((x - xMin) * buckets) / (xMax - xMin + 1));
  return b < 0 ? 0 : b >= buckets ? buckets - 1 : b;
}

/** True when a comes before b in (x, t, arrival) order. */
function before(ax: number, at: number, ao: number, bx: number, bt: number, bo: number): boolean {
  return ax !== bx ? ax < bx : at !== bt ? at < bt : ao < bo;
}

export class M4 {
  readonly #buckets: number;
  readonly #xMin: number;
  readonly #xMax: number;
  readonly #data: Float64Array;
  readonly #has: Uint8Array;

  /** `buckets` buckets over the whole numbers `xMin..xMax`. */
  constructor(buckets: number, xMin: number, xMax: number) {
    this.#buckets = Math.max(1, Math.floor(buckets));
    this.#xMin = xMin;
    this.#xMax = Math.max(xMin, xMax);
    this.#data = new Float64Array(this.#buckets * SLOTS * FIELDS);
    this.#has = new Uint8Array(this.#buckets * SLOTS);
  }

  /** Adds a point; `arrival` must differ between points (it is their identity and last tie-break). */
  add(x: number, y: number, t: number, arrival: number): void {
    const slot = bucketOf(x, this.#xMin, this.#xMax, this.#buckets) * SLOTS;
    this.#offer(slot + FIRST, EARLIER, x, y, t, arrival);
    this.#offer(slot + LAST, LATER, x, y, t, arrival);
    if (Number.isFinite(y)) {
      this.#offer(slot + MIN, LOWER, x, y, t, arrival);
      this.#offer(slot + MAX, HIGHER, x, y, t, arrival);
    } else {
      this.#offer(slot + (Number.isNaN(y) ? NAN : y > 0 ? POS_INF : NEG_INF), EARLIER, x, y, t, arrival);
    }
  }

  /** Keeps the point in `slot` when the slot is empty or the point wins by `rule` (ties: the earlier point). */
  #offer(slot: number, rule: Rule, x: number, y: number, t: number, arrival: number): void {
    const at = slot * FIELDS;
    const data = this.#data;
    if (this.#has[slot] === 1) {
      const ox = data[at]!;
      const oy = data[at + 1]!;
      const ot = data[at + 2]!;
      const oa = data[at + 3]!;
      const earlier = before(x, t, arrival, ox, ot, oa);
      const wins =
        rule === EARLIER ? earlier : rule === LATER ? !earlier : rule === LOWER ? y < oy || (y === oy && earlier) : y > oy || (y === oy && earlier);
      if (!wins) return;
    }
    this.#has[slot] = 1;
    data[at] = x;
    data[at + 1] = y;
    data[at + 2] = t;
    data[at + 3] = arrival;
  }

  /** The kept points, each once, sorted by (x, time, arrival). */
  columns(): Columns {
    const kept: Array<[number, number, number, number]> = [];
    const data = this.#data;
    for (let bucket = 0; bucket < this.#buckets; bucket++) {
      const seen = new Set<number>();
      for (let s = 0; s < SLOTS; s++) {
        const slot = bucket * SLOTS + s;
        if (this.#has[slot] !== 1) continue;
        const at = slot * FIELDS;
        const arrival = data[at + 3]!;
        if (seen.has(arrival)) continue;
        seen.add(arrival);
        kept.push([data[at]!, data[at + 1]!, data[at + 2]!, arrival]);
      }
    }
    kept.sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[3] - b[3]);
    return { x: kept.map((p) => p[0]), y: kept.map((p) => p[1]), t: kept.map((p) => p[2]) };
  }
}
