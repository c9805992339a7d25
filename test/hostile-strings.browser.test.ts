/**
 * Hostile strings in every user-controlled field, in headless Chromium: the suite is in
 * test/cases/hostile-browser.ts; here on a sample of the pages, with every view opened (`npm run stress`
 * opens all of them).
 */
import { describeHostileStrings } from "./cases/hostile-browser.js";

describeHostileStrings(false);
