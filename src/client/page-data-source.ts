/**
 * Where each page's data comes from: experiment pages load `data.js`, which sets a global (a classic
 * script works from file://, where fetch does not); run pages embed JSON in a non-executed script element.
 * The data is written by our own builder, so only its outline is checked before use.
 */
import type { ExperimentData, RunPageData } from "../report/page-data.js";

declare global {
  interface Window {
    __RUNTREE_EXPERIMENT__?: ExperimentData;
  }
}

export function experimentData(): ExperimentData | null {
  const data = window.__RUNTREE_EXPERIMENT__;
  return data && Array.isArray(data.trees) && Array.isArray(data.slices) && data.first && Array.isArray(data.paramKeys) ? data : null;
}

export function runPageData(): RunPageData | null {
  const text = document.getElementById("runtree-run")?.textContent;
  if (!text) return null;
  try {
    const data = JSON.parse(text) as RunPageData;
    return data && typeof data === "object" && data.run && data.charts ? data : null;
  } catch {
    return null;
  }
}
