/**
 * Pointer positions in a chart's own coordinates. Charts are drawn in viewBox units and scaled by CSS,
 * so a mouse position must go through the SVG's screen transform before it can be compared with data.
 */
export function pointerInSvg(svg: SVGSVGElement, event: MouseEvent): { x: number; y: number } | null {
  const matrix = svg.getScreenCTM();
  if (!matrix) return null;
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
  return { x: point.x, y: point.y };
}

/** Index of the value in a sorted array closest to `target`; -1 for an empty array. */
export function nearestIndex(sorted: readonly number[], target: number): number {
  if (sorted.length === 0) return -1;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  const before = lo - 1;
  if (before >= 0 && Math.abs((sorted[before] ?? 0) - target) <= Math.abs((sorted[lo] ?? 0) - target)) return before;
  return lo;
}
