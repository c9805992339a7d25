import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { historyShelf, readMlflowStore } from "../src/index.ts";
import { readAllMlflowMetricHistories } from "../src/mlflow/metric-history.ts";
import { copyFixture, FIXTURE, RUN, TUNING, removeAll } from "./mlflow-fixture.ts";

const cleanup: string[] = [];
after(() => removeAll(cleanup));

const pointCount = (histories: Map<string, unknown[]>) => [...histories.values()].reduce((sum, list) => sum + list.length, 0);

describe("an MLflow read keeps the metric histories it parses, for the next reader", () => {
  test("every run's kept histories are what reading its metric files again gives, and leave the shelf when taken", async () => {
    const shelf = historyShelf();
    const snapshot = await readMlflowStore(FIXTURE, { histories: shelf });
    let withMetrics = 0;
    for (const run of snapshot.runs) {
      const again = await readAllMlflowMetricHistories(run);
      const kept = shelf.take(run.dir);
      assert.ok(kept, `${run.id} kept`);
      assert.deepEqual([...kept], [...again], `${run.id}: same keys in the same order, same points`);
      assert.equal(shelf.take(run.dir), undefined, "taken once");
      if (again.size > 0) withMetrics++;
    }
    assert.ok(withMetrics >= 5, "the fixture's runs have metrics to compare");
  });

  test("bad lines are left out of the kept history as out of a second read, and still reported once", async () => {
    const root = copyFixture(cleanup);
    const file = join(root, TUNING, RUN.trial0, "metrics", "train", "loss");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    lines[4] = "this is not a metric line";
    writeFileSync(file, lines.join("\n"));
    const shelf = historyShelf();
    const snapshot = await readMlflowStore(root, { histories: shelf });
    const trial0 = snapshot.runs.find((run) => run.id === RUN.trial0)!;
    const kept = shelf.take(trial0.dir)!;
    assert.equal(kept.get("train/loss")!.length, 19);
    assert.deepEqual([...kept], [...(await readAllMlflowMetricHistories(trial0))]);
    assert.deepEqual(
      snapshot.problems.filter((problem) => problem.file.includes("train/loss")).map((problem) => problem.file),
      [`${TUNING}/${RUN.trial0}/metrics/train/loss:5`],
    );
  });

  test("the shelf holds at most its budget of points, and room freed by a take is used again", async () => {
    const everything = historyShelf();
    const snapshot = await readMlflowStore(FIXTURE, { histories: everything });
    const sizes = new Map(snapshot.runs.map((run) => [run.dir, pointCount(everything.take(run.dir)!)]));
    const largest = Math.max(...sizes.values());
    assert.ok(largest >= 20);

    const budget = largest + 5;
    const small = historyShelf(budget);
    await readMlflowStore(FIXTURE, { histories: small });
    const kept = snapshot.runs.map((run) => small.take(run.dir));
    const held = kept.reduce((sum, histories) => sum + (histories ? pointCount(histories) : 0), 0);
    assert.ok(held <= budget, `${held} points kept, budget ${budget}`);
    assert.ok(kept.some((histories) => histories === undefined), "some run did not fit");
    assert.ok(kept.some((histories) => histories !== undefined && pointCount(histories) > 0), "some run did");

    const biggest = snapshot.runs.find((run) => sizes.get(run.dir) === largest)!;
    const again = await readAllMlflowMetricHistories(biggest);
    small.put(biggest.dir, again);
    assert.deepEqual(small.take(biggest.dir), again, "emptied by the takes above, the shelf takes the largest run");
  });

  test("a history packed for another thread comes out as it went in: NaN, infinities, -0, big steps and times", () => {
    const points = [
      { step: 0, value: NaN, timestamp: 0 },
      { step: -3, value: Infinity, timestamp: 1767225600000 },
      { step: Number.MAX_SAFE_INTEGER, value: -Infinity, timestamp: Number.MAX_SAFE_INTEGER },
      { step: 7, value: -0, timestamp: 5 },
      { step: 8, value: 0.1 + 0.2, timestamp: 6 },
    ];
    const here = historyShelf();
    here.put("run-a", new Map([["b/loss", points], ["a", points.slice(0, 1)]]));
    const packed = here.takePacked("run-a")!;
    assert.equal(here.take("run-a"), undefined, "taken once, packed or not");
    // What a worker's message does to it.
    const there = historyShelf(6);
    there.putPacked("run-a", structuredClone(packed));
    const back = there.take("run-a")!;
    assert.deepEqual([...back.keys()], ["b/loss", "a"], "keys in the order put");
    assert.deepEqual(back.get("b/loss"), points);
    assert.ok(Object.is(back.get("b/loss")![3]!.value, -0));
    const full = historyShelf(5);
    full.putPacked("run-a", packed);
    assert.equal(full.take("run-a"), undefined, "six points do not fit a budget of five, packed or not");
  });
});
