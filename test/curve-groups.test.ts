/**
 * Grouped curves (src/client/charts/curve-groups.ts): per value of a param, the mean of its children's
 * curves with the min and max around it and the count, read at shared positions.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { groupCurves, MAX_POSITIONS, type GroupInput } from "../src/client/charts/curve-groups.js";

const curve = (id: string, value: GroupInput["value"], points: Array<[number, number]>): GroupInput => ({
  id,
  value,
  x: Float64Array.from(points.map(([x]) => x)),
  y: Float64Array.from(points.map(([, y]) => y)),
});

test("children logged at the same steps: each group's mean, min, max and count at every step", () => {
  const grouped = groupCurves([
    curve("a", 0.1, [[0, 1], [1, 2], [2, 3]]),
    curve("b", 0.1, [[0, 3], [1, 4], [2, 5]]),
    curve("c", 0.01, [[0, 10], [1, 20], [2, 30]]),
  ]);
  assert.deepEqual([...grouped.x], [0, 1, 2]);
  assert.deepEqual(grouped.groups.map((g) => [g.value, g.count]), [["0.01", 1], ["0.1", 2]], "numbers by value");
  const [small, big] = grouped.groups;
  assert.deepEqual(big!.mean, [2, 3, 4]);
  assert.deepEqual(big!.min, [1, 2, 3]);
  assert.deepEqual(big!.max, [3, 4, 5]);
  assert.deepEqual([...big!.n], [2, 2, 2]);
  assert.deepEqual(small!.mean, [10, 20, 30]);
});

test("steps that differ are read by interpolation inside each curve, and a shorter curve stops counting where it ends", () => {
  const [group] = groupCurves([curve("a", "x", [[0, 0], [10, 10]]), curve("b", "x", [[0, 2], [5, 4]])]).groups;
  // Positions: 0, 5, 10. At 5, a is 5 (interpolated) and b is 4; at 10 only a is left.
  assert.deepEqual(group!.mean, [1, 4.5, 10]);
  assert.deepEqual(group!.min, [0, 4, 10]);
  assert.deepEqual(group!.max, [2, 5, 10]);
  assert.deepEqual([...group!.n], [2, 2, 1]);
});

test("a non-finite value leaves a gap in its child's curve, not a NaN in the mean; a position with no value is null", () => {
  const grouped = groupCurves([curve("a", true, [[0, 1], [1, NaN], [2, 3]]), curve("b", false, [[3, 7]])]);
  const [no, yes] = grouped.groups;
  assert.deepEqual([no!.value, yes!.value], ["false", "true"]);
  assert.deepEqual(yes!.mean, [1, null, 3, null]);
  assert.deepEqual(no!.mean, [null, null, null, 7]);
});

test("text values sort alphabetically after numbers, and children without the param form the last group", () => {
  const grouped = groupCurves([curve("a", undefined, [[0, 1]]), curve("b", "sgd", [[0, 1]]), curve("c", "adam", [[0, 1]]), curve("d", 3, [[0, 1]])]);
  assert.deepEqual(grouped.groups.map((g) => g.value), ["3", "adam", "sgd", null]);
});

test("curves with many distinct steps are read at a bounded number of evenly spaced positions", () => {
  const long = (id: string, offset: number) => curve(id, 1, Array.from({ length: 800 }, (_, i): [number, number] => [i * 2 + offset, i]));
  const grouped = groupCurves([long("a", 0), long("b", 1)]);
  assert.equal(grouped.x.length, MAX_POSITIONS);
  assert.equal(grouped.x[0], 0);
  assert.equal(grouped.x[MAX_POSITIONS - 1], 1599);
  const [group] = grouped.groups;
  // Both curves rise by 0.5 per step: at step 0 only a (0) counts; at the last position only b.
  assert.equal(group!.n[0], 1);
  assert.ok(Math.abs(group!.mean[500]! - grouped.x[500]! / 2 + 0.25) < 1e-9, "the mean of a (x/2) and b ((x-1)/2)");
});
