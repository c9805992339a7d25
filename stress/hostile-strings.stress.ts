/**
 * `npm run stress`: the hostile-strings suite of `npm test` (test/cases/hostile-browser.ts) walking every
 * generated page with every view opened, not a sample.
 */
import { describeHostileStrings } from "../test/cases/hostile-browser.js";

describeHostileStrings(true);
