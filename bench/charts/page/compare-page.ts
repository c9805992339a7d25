/**
 * Browser side of `bench/charts/compare.ts`: draws the same data with the hand-written SVG chart the report
 * used before (src/client/charts/series-chart.ts) and with uPlot, and reports the time from the start of
 * drawing to the next painted frame. Bundled by the bench; never part of the report.
 */
import uPlot from "uplot";
import { M4 } from "../../../src/model/downsample.js";
import { drawSeriesChart, type LineSeries } from "./svg-chart.js";
import { seededRandom } from "../../../scripts/seeded-random.js";

type Case = "single-raw" | "single-m4" | "overlay-m4" | "overlay-raw";
type Library = "svg" | "uplot";

function curve(points: number, seed: number): { x: number[]; y: number[] } {
  const random = seededRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < points; i++) {
    x.push(i);
    y.push(0.1 + 2.3 * Math.exp((-8 * i) / points) + 0.05 * random() + (random() < 0.0005 ? 10 : 0));
  }
  return { x, y };
}

function m4(data: { x: number[]; y: number[] }, buckets: number): { x: number[]; y: number[] } {
  const reducer = new M4(buckets, 0, data.x.length - 1);
  data.x.forEach((x, i) => reducer.add(x, data.y[i]!, 0, i));
  const { x, y } = reducer.columns();
  return { x, y };
}

function curvesFor(kind: Case): Array<{ x: number[]; y: number[] }> {
  if (kind === "single-raw") return [curve(600_000, 1)];
  if (kind === "single-m4") return [m4(curve(600_000, 1), 800)];
  const out: Array<{ x: number[]; y: number[] }> = [];
  for (let i = 0; i < 200; i++) out.push(kind === "overlay-raw" ? curve(20_000, i + 2) : m4(curve(20_000, i + 2), 250));
  return out;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function drawSvg(host: HTMLElement, curves: Array<{ x: number[]; y: number[] }>): void {
  const series: LineSeries[] = curves.map((c, i) => ({ id: String(i), label: String(i), points: c.x.map((x, j) => ({ x, y: c.y[j]! })) }));
  const svg = drawSeriesChart({ title: "bench", xLabel: "step", yLabel: "loss", series, labelSeries: curves.length > 1 });
  if (svg) host.appendChild(svg);
}

function drawUplot(host: HTMLElement, curves: Array<{ x: number[]; y: number[] }>): void {
  const size = { width: 560, height: 260 };
  if (curves.length === 1) {
    const only = curves[0]!;
    new uPlot({ ...size, series: [{}, { stroke: "#36c" }], legend: { show: false } }, [only.x, only.y], host);
    return;
  }
  const data: uPlot.AlignedData = [null, ...curves.map((c) => [c.x, c.y])] as unknown as uPlot.AlignedData;
  new uPlot(
    {
      ...size,
      mode: 2,
      legend: { show: false },
      scales: { x: { time: false } },
      series: [{}, ...curves.map(() => ({ stroke: "#999", paths: uPlot.paths.linear!(), points: { show: false } }))],
    },
    data,
    host,
  );
}

declare global {
  interface Window {
    runCase(kind: Case, library: Library): Promise<{ points: number; ms: number }>;
  }
}

window.runCase = async (kind, library) => {
  const curves = curvesFor(kind);
  const host = document.createElement("div");
  document.body.appendChild(host);
  await nextFrame();
  const start = performance.now();
  if (library === "svg") drawSvg(host, curves);
  else drawUplot(host, curves);
  await nextFrame();
  const ms = performance.now() - start;
  host.remove();
  return { points: curves.reduce((sum, c) => sum + c.x.length, 0), ms };
};
