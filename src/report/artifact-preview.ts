/**
 * Reads the start of a run's text artifacts for their previews on the run page. The bytes come from the
 * store's file, checked as a copy is (no symbolic link anywhere on its path, a regular file), and become
 * text that the template escapes: a `.md` or `.html`-looking content is shown as its characters, never
 * rendered. Content with a NUL byte in its first bytes is binary whatever its name says, and gets no preview.
 *
 * Bounded: the first `PREVIEW_BYTES` of each file, for at most `MAX_PREVIEWS` files of a run, so a run
 * that logged a thousand logs still makes a page of a few megabytes at most.
 */
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { RunRecord } from "../model/run-record.js";
import { FILE } from "../format/records.js";
import { ArtifactKind } from "./artifact-kind.js";
import { sourceProblem } from "./artifacts.js";
import type { ArtifactLink, ArtifactPreview } from "./page-models.js";

export const PREVIEW_BYTES = 64 * 1024;
export const MAX_PREVIEWS = 20;

/** The text of `bytes`, without a character cut in two at the end (when `cut`, the file goes on). */
export function previewText(bytes: Buffer, cut: boolean): string {
  let end = bytes.length;
  if (cut) {
    // Step back over continuation bytes (10xxxxxx) to the start of the last character; drop it if incomplete.
    let start = end - 1;
    while (start > 0 && start > end - 4 && (bytes[start]! & 0xc0) === 0x80) start--;
    const lead = bytes[start]!;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (end - start < need) end = start;
  }
  return bytes.subarray(0, end).toString("utf8");
}

async function readPreview(run: RunRecord, segments: readonly string[]): Promise<ArtifactPreview> {
  const base = join(run.dir, FILE.artifacts);
  const problem = await sourceProblem(base, segments);
  if (problem !== null) return { text: "", size: 0, truncated: false, problem };
  let handle;
  try {
    handle = await open(join(base, ...segments), "r");
    const size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(size, PREVIEW_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) return { text: "", size, truncated: false, problem: "binary content" };
    const truncated = size > bytesRead;
    return { text: previewText(bytes, truncated), size, truncated, problem: "" };
  } catch (error) {
    return { text: "", size: 0, truncated: false, problem: `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    await handle?.close();
  }
}

/** The run's artifact links with previews added to the first `MAX_PREVIEWS` text artifacts. */
export async function withPreviews(run: RunRecord, links: readonly ArtifactLink[]): Promise<ArtifactLink[]> {
  let left = MAX_PREVIEWS;
  const out: ArtifactLink[] = [];
  for (const link of links) {
    if (link.kind === ArtifactKind.Text && left > 0) {
      left--;
      out.push({ ...link, preview: await readPreview(run, link.segments) });
    } else out.push(link);
  }
  return out;
}
