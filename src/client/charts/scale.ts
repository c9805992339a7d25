/**
 * Linear and categorical scales and "nice" ticks: the arithmetic every chart shares, kept free of the DOM.
 */

export interface LinearScale {
  readonly kind: "linear";
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  map(value: number): number;
  invert(pixel: number): number;
  ticks(count: number): number[];
}

export interface PointScale {
  readonly kind: "point";
  /** Category labels in display order. */
  readonly domain: readonly string[];
  readonly range: readonly [number, number];
  /** The position of a category; NaN for one not in the domain. */
  map(category: string): number;
}

/** The smallest and largest finite values; null when there are none. */
export function finiteExtent(values: Iterable<number>): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : null;
}

/** Widens a degenerate domain (one value) so it can be drawn, centred on that value. */
export function padDomain([min, max]: readonly [number, number]): [number, number] {
  if (min !== max) return [min, max];
  const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
  return [min - pad, max + pad];
}

/** A tick step of 1, 2 or 5 times a power of ten giving about `count` ticks. */
function tickStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  // The nearest of 1, 2, 5 and 10 (on a log scale) to the raw step.
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * power;
}

/** Extends a domain outwards to whole tick steps, so the axis starts and ends on a labelled tick. */
export function niceDomain(domain: readonly [number, number], count = 5): [number, number] {
  const [min, max] = padDomain(domain);
  const step = tickStep(min, max, count);
  if (!Number.isFinite(step) || step <= 0) return [min, max];
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = padDomain(domain);
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  return {
    kind: "linear",
    domain: [d0, d1],
    range,
    map: (value) => r0 + (value - d0) * k,
    invert: (pixel) => d0 + (pixel - r0) / k,
    ticks(count) {
      const step = tickStep(d0, d1, count);
      if (!Number.isFinite(step) || step <= 0) return [d0, d1];
      const ticks: number[] = [];
      const first = Math.ceil(d0 / step - 1e-9);
      const last = Math.floor(d1 / step + 1e-9);
      // Multiplying the index (instead of adding steps) keeps 0.1 + 0.2 style drift out of the labels.
      for (let i = first; i <= last && ticks.length < 50; i++) ticks.push(Number((i * step).toPrecision(12)));
      return ticks;
    },
  };
}

/** Categories spread evenly over the range, with half a slot of padding at each end. */
export function pointScale(domain: readonly string[], range: readonly [number, number]): PointScale {
  const [r0, r1] = range;
  const slot = domain.length === 0 ? 0 : (r1 - r0) / domain.length;
  const positions = new Map(domain.map((category, i) => [category, r0 + slot * (i + 0.5)]));
  return { kind: "point", domain, range, map: (category) => positions.get(category) ?? NaN };
}

/** Positive values spanning this factor or more read better on a log axis (lr 0.001, 0.01, 0.1). */
const LOG_SPAN = 100;

/** True when every value is finite and positive and together they span at least two decades. */
export function wantsLog(values: readonly number[]): boolean {
  const extent = finiteExtent(values);
  return extent !== null && values.every((v) => Number.isFinite(v) && v > 0) && extent[1] / extent[0] >= LOG_SPAN;
}

/**
 * A base-10 log scale over a positive domain, widened to whole powers of ten; ticks sit on the powers.
 * It has the linear scale's shape, so charts can use either.
 */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const lo = Math.floor(Math.log10(domain[0]));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(domain[1])));
  const inner = linearScale([lo, hi], range);
  return {
    kind: "linear",
    domain: [10 ** lo, 10 ** hi],
    range,
    map: (value) => inner.map(Math.log10(value)),
    invert: (pixel) => 10 ** inner.invert(pixel),
    ticks(count) {
      const every = Math.max(1, Math.ceil((hi - lo) / Math.max(1, count)));
      const ticks: number[] = [];
      for (let p = lo; p <= hi; p += every) ticks.push(Number((10 ** p).toPrecision(12)));
      return ticks;
    },
  };
}
