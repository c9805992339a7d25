/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the start of the curve is not pulled
 * towards zero. A weight of 0 leaves the values as they are; 0.99 averages over about a hundred points.
 * Non-finite values are left as they are and do not enter the average (a NaN would poison everything after).
 */
export function smooth(values: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(values.length);
  const w = Math.min(0.999, Math.max(0, weight));
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value) || w === 0) {
      out[i] = value;
      continue;
    }
    last = last * w + (1 - w) * value;
    count++;
    out[i] = last / (1 - Math.pow(w, count));
  }
  return out;
}
