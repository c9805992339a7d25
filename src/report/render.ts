/**
 * Turns a planned page into bytes. HTML pages go through eta templates (`templates/`), with every
 * interpolation escaped by `escapeHtml`; raw output (`<%~`) is reserved for the layout's body, rendered
 * partials and the pre-escaped JSON block. `data.js` and the run slices need no template: each sets or
 * appends to a global a parsed JSON string (see `jsonExpression`).
 */
import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import { escapeHtml, jsonExpression } from "./escape.js";
import type { PagePlan } from "./plan.js";
import type { RunPageModel } from "./run-page.js";

/** `templates/` sits at the repository (and package) root: two levels above both src/report/ and dist/report/. */
export const TEMPLATE_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/** The global the browser script reads the experiment's data from. */
export const EXPERIMENT_GLOBAL = "__RUNTREE_EXPERIMENT__";
/** The list each loaded slice of runs appends itself to. */
export const SLICES_GLOBAL = "__RUNTREE_SLICES__";

/** A planned page whose model is complete: run pages carry their histories' JSON. */
export type RenderablePage =
  | Exclude<PagePlan, { kind: "run" }>
  | { readonly kind: "run"; readonly path: string; readonly model: RunPageModel };

export interface Renderer {
  render(page: RenderablePage): string;
}

/**
 * Templates render their partials with `partial(name, data)`, which gives the partial `data` alone. Eta's own
 * `include` gives it a copy of the including page's whole model as well (`{ ...it, ...data }`): forty-odd
 * fields copied per include on a run page, and partials that see a differently shaped model from each page
 * kind, which V8 optimises, throws away and optimises again. A partial reads only what it is given.
 */
const PARTIAL = "const partial = (name, data) => this.render(name, data, options);";

export function createRenderer(templateDir: string = TEMPLATE_DIR): Renderer {
  const eta = new Eta({ views: templateDir, autoEscape: true, cache: true, escapeFunction: escapeHtml, functionHeader: PARTIAL });
  // Eta resolves a template's path on every render and include (a JSON key, joins, a relative path), even
  // when the compiled template is cached: a tenth of a run page's rendering. The answer depends on the name
  // and the including file only, and the views folder does not change under a renderer: resolve each once.
  const resolvePath = eta.resolvePath!.bind(eta);
  const resolved = new Map<string, string>();
  eta.resolvePath = (template: string, options?: { filepath?: string }) => {
    const key = `${options?.filepath ?? ""}\u0000${template}`;
    let path = resolved.get(key);
    if (path === undefined) resolved.set(key, (path = resolvePath(template, options)));
    return path;
  };
  return {
    render(page) {
      switch (page.kind) {
        case "experiment-data":
          return `window.${EXPERIMENT_GLOBAL} = ${jsonExpression(page.model)};\n`;
        case "experiment-slice":
          return `(window.${SLICES_GLOBAL} = window.${SLICES_GLOBAL} || []).push(${jsonExpression(page.model)});\n`;
        case "index":
          return eta.render("/index", page.model);
        case "experiment":
          return eta.render("/experiment", page.model);
        case "deleted":
          return eta.render("/deleted", page.model);
        case "run":
          return eta.render("/run", page.model);
        case "problems":
          return eta.render("/problems", page.model);
        case "compare":
          return eta.render("/compare", page.model);
      }
    },
  };
}
