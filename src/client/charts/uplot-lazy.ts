/**
 * uPlot, evaluated when the first chart is drawn rather than when the report's script loads: its module
 * makes locale-aware number and date formatters as it is evaluated (about 20 ms of ICU start-up in
 * Chromium), which an experiment page pays before its runs table shows although its charts stay folded.
 *
 * The bundler (scripts/bundle-client.mjs) turns this `require` into a call that evaluates the bundled uPlot
 * module on first use; every other module imports only uPlot's types.
 */
import type uPlotClass from "uplot";

/** The package's ES module build, as before: the bundler wraps it to run on first `require`, with its exports as an object. */
declare const require: (id: "uplot/dist/uPlot.esm.js") => { readonly default: typeof uPlotClass };

let loaded: typeof uPlotClass | undefined;

export function uPlot(): typeof uPlotClass {
  return (loaded ??= require("uplot/dist/uPlot.esm.js").default);
}
