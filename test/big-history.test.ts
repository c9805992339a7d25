/** A huge metrics.jsonl beside good runs, at 20 MB (the stress run: 200 MB): test/cases/big-history.ts. */
import { after, test } from "node:test";
import { removeTemps } from "./report-fixtures.js";
import { assertHugeHistoriesHandled } from "./cases/big-history.js";

after(removeTemps);

test("a 20 MB garbage line and a 20 MB history: check names the garbage once, search and the report complete", { timeout: 120_000 }, async () => {
  await assertHugeHistoriesHandled(20);
});
