/**
 * The sweep view's images: one image artifact (a confusion matrix, a sample output), chosen by its path,
 * shown for every child side by side, each opening full size. The images are the copies the report made
 * beside each child's page (PNG, JPEG, GIF or WebP only: SVG is never shown as an image); a child without
 * that artifact is named with a note, so the grid still reads as "which children have it".
 *
 * Markup: `select.image-artifact` of the paths; `figure.child-image[data-run-id]` per child, in the
 * children's order, the best child's marked `data-best="true"`.
 */
import type { ChildImages } from "../../report/page-data.js";
import { h, replaceChildren } from "../dom.js";
import type { SweepModel } from "./sweep-model.js";

export interface ChildImagesOptions {
  /** The chosen path (from the URL hash), or null for the first. */
  readonly path: string | null;
  readonly onPath: (path: string) => void;
}

/** The section's content, or null when no child has an image artifact. */
export function childImages(images: ChildImages | null, model: SweepModel, uid: string, options: ChildImagesOptions): HTMLElement | null {
  if (!images || images.paths.length === 0) return null;
  let current = options.path !== null && images.paths.includes(options.path) ? options.path : images.paths[0]!;
  const select = h("select", { id: `${uid}-image`, class: "image-artifact" });
  for (const path of images.paths) select.appendChild(h("option", { value: path, selected: path === current }, path));
  const grid = h("div", { class: "child-images" });
  const draw = (): void => {
    const figures: HTMLElement[] = [];
    for (const child of model.children) {
      const links = images.children[child.run.id];
      if (!links) continue;
      const link = Object.prototype.hasOwnProperty.call(links, current) ? links[current] : undefined;
      const name = child.run.name === "" ? child.run.id : child.run.name;
      figures.push(
        h(
          "figure",
          { class: "child-image", "data-run-id": child.run.id, "data-best": child.best ? "true" : null },
          link === undefined
            ? h("p", { class: "chart-empty" }, "no such image")
            : h("a", { href: link, class: "thumb" }, h("img", { src: link, alt: `${current} of ${name}`, loading: "lazy" })),
          h("figcaption", {}, h("a", { href: child.run.href }, name)),
        ),
      );
    }
    replaceChildren(grid, ...figures);
  };
  select.addEventListener("change", () => {
    current = select.value;
    draw();
    options.onPath(current);
  });
  draw();
  return h(
    "div",
    { class: "child-images-view" },
    h("div", { class: "chart-controls" }, h("label", { for: `${uid}-image` }, "Image "), select),
    grid,
  );
}
