/**
 * The sweep charts' colour ramp from worst to best objective. Marks need a colour per element, so it is
 * an attribute; the middle of a viridis-like ramp keeps enough contrast on light and dark backgrounds.
 */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [88, 60, 150],
  [59, 110, 160],
  [33, 145, 140],
  [70, 180, 100],
  [150, 200, 60],
];

/** Colour for `t` in [0, 1] (1 = best); null (no objective value) is a neutral grey. */
export function rampColor(t: number | null): string {
  if (t === null || !Number.isFinite(t)) return "#9a9a9a";
  const clamped = Math.min(1, Math.max(0, t));
  const scaled = clamped * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const a = STOPS[i] ?? [0, 0, 0];
  const b = STOPS[i + 1] ?? a;
  const mix = (k: 0 | 1 | 2): string => Math.round(a[k] + (b[k] - a[k]) * f).toString(16).padStart(2, "0");
  return `#${mix(0)}${mix(1)}${mix(2)}`;
}
