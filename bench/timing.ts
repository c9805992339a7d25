/**
 * How the bench turns wall-clock samples into one figure. The machine is shared and noisy, so every figure
 * is a median of several repetitions, and each of our measurements is paired with its floor repetition by
 * repetition (ours, floor, ours, floor, ...) so that a burst of load hits both sides alike.
 */

/** Nanoseconds since an arbitrary origin, as a float (loses nothing below ~100 days). */
export function now(): number {
  return Number(process.hrtime.bigint());
}

/** Runs `fn` and returns the elapsed nanoseconds. */
export function elapsed(fn: () => void): number {
  const start = now();
  fn();
  return now() - start;
}

/** Runs the async `fn` and returns the elapsed nanoseconds. */
export async function elapsedAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = now();
  await fn();
  return now() - start;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A sample returns the cost of one operation in nanoseconds (usually the mean of a batch of calls). */
export type Sample = () => number | Promise<number>;

export interface Paired {
  /** Median ns per operation, ours. */
  readonly ours: number;
  /** Median ns per operation, floor. */
  readonly floor: number;
  readonly reps: number;
}

/** Warm-up rounds (discarded), then `reps` interleaved repetitions of both samples; medians of each. */
export async function paired(reps: number, warmup: number, ours: Sample, floor: Sample): Promise<Paired> {
  for (let i = 0; i < warmup; i++) {
    await ours();
    await floor();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < reps; i++) {
    a.push(await ours());
    b.push(await floor());
  }
  return { ours: median(a), floor: median(b), reps };
}

/** Mean ns per call of `calls` calls of `fn(i)`. */
export function perCall(calls: number, fn: (i: number) => void): number {
  const start = now();
  for (let i = 0; i < calls; i++) fn(i);
  return (now() - start) / calls;
}

/** One row of the results: our cost and the floor's, per operation. */
export interface Figure {
  /** What was measured, e.g. "run.logMetric". */
  readonly what: string;
  /** Operations per repetition × repetitions, as printed. */
  readonly n: string;
  readonly ours: number;
  /** The floor (raw fs cost of the same work), or NaN when there is none. */
  readonly floor: number;
  /** What the floor does, in a few words. */
  readonly floorWhat: string;
  /** File system the figure was measured on (set by the caller that knows the folder). */
  readonly fs?: string;
}
