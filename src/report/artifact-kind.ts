/**
 * What the run page does with an artifact, by its file name's extension: images a browser shows safely
 * (PNG, JPEG, GIF, WebP) become thumbnails, plain text formats (text, logs, JSON, CSV, Markdown) get a
 * preview as escaped text, anything else is a link. SVG is not an image here: it can carry scripts, so it
 * stays published as text (see `links.ts`) and is never shown inline.
 */

export const ArtifactKind = { Image: "image", Text: "text", Other: "other" } as const;
export type ArtifactKind = (typeof ArtifactKind)[keyof typeof ArtifactKind];

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;
const TEXT = /\.(txt|text|log|json|jsonl|ndjson|csv|tsv|md|markdown)$/i;

/**
 * @example artifactKind("plots/confusion.PNG") // "image"
 * @example artifactKind("plots/confusion.svg") // "other"
 */
export function artifactKind(path: string): ArtifactKind {
  if (IMAGE.test(path)) return ArtifactKind.Image;
  if (TEXT.test(path)) return ArtifactKind.Text;
  return ArtifactKind.Other;
}
