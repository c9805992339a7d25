/** Finding a number in an ascending list: run numbers of top-level runs, positions in a sparse column. */

/** Index of `value` in the ascending `list`, or -1. */
export function indexIn(list: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = list[mid]!;
    if (at === value) return mid;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
