/**
 * `buildReport` as the public entry exports it: the report's modules (the templates' engine, the page
 * plan, the writers) load on the first call, so a script that only logs runs does not load them.
 */
import type { BuildOptions, BuildResult } from "./build.js";

export type { BuildOptions, BuildProgress, BuildResult } from "./build.js";

/**
 * Builds the static report of `options.store` into `options.out`, as `npx report` does, without
 * spawning it. Bad files in the store are returned as `problems`, never thrown.
 * @throws {RuntreeError} STORE_NOT_FOUND, NOT_A_STORE, SEARCH_SYNTAX, EXPERIMENT_NOT_FOUND or
 * INVALID_ARGUMENT (output folder), and with `base` the git errors, before anything is written.
 * @example
 * const result = await buildReport({ store: "mlruns", out: "site", objective: { metric: "loss", goal: "min" } });
 * for (const problem of result.problems) console.warn(`${problem.file}: ${problem.message}`);
 */
export async function buildReport(options: BuildOptions): Promise<BuildResult> {
  const { buildReport: build } = await import("./build.js");
  return build(options);
}
