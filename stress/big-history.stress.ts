/** `npm run stress`: a 200 MB garbage line and a 200 MB history beside good runs (test/cases/big-history.ts). */
import { after, test } from "node:test";
import { removeTemps } from "../test/report-fixtures.js";
import { assertHugeHistoriesHandled } from "../test/cases/big-history.js";

after(removeTemps);

test("a 200 MB garbage line and a 200 MB history: check names the garbage once, search and the report complete", { timeout: 600_000 }, async () => {
  await assertHugeHistoriesHandled(200);
});
