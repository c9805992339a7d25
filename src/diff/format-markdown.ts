/**
 * `runtree diff --format markdown`: a pull-request comment, like `dvc metrics diff --md`. A summary line,
 * then per experiment a table of its changed runs (with their top-level run) and a table of its sweeps
 * whose best value moved. Run names, keys and experiment names are user data: every one is escaped so it
 * can neither break the table, nor inject HTML or links, nor mention (notify) anybody.
 */
import type { StoreDiff } from "./store-diff.js";
import { formatDelta, formatValue, movedSweeps, runLabel, summaryLine, sweepVerdict } from "./summary.js";

export interface MarkdownOptions {
  /** What was compared, already escaped or made of commit ids: e.g. "`1a2b3c4` → working tree". */
  readonly title: string;
  /** At most this many run rows per experiment (a comment is limited in size); the rest are counted. */
  readonly maxRows?: number;
}

/**
 * @example diffMarkdown(diff, { title: "`1a2b3c4` → `5d6e7f8`", maxRows: 50 })
 */
export function diffMarkdown(diff: StoreDiff, options: MarkdownOptions): string {
  const out: string[] = [`### runtree diff ${options.title}`, "", `**${summaryLine(diff)}**`];
  for (const experiment of diff.experiments) {
    out.push("", `#### ${escapeMarkdown(experiment.experiment)}`);
    const limit = options.maxRows ?? Infinity;
    const entries = experiment.groups.flatMap((group) => group.entries.map((entry) => ({ entry, root: group.root })));
    if (entries.length > 0) {
      out.push("", "| change | run | top-level run | changed fields |", "| --- | --- | --- | --- |");
      for (const { entry, root } of entries.slice(0, limit)) {
        const top = entry.run.id === root.id ? "" : cell(runLabel(root));
        const fields = entry.fields.map((field) => `\`${field.replace(/`/g, "'")}\``).join(", ");
        out.push(`| ${entry.change} | ${cell(runLabel(entry.run))} | ${top} | ${cell(fields, false)} |`);
      }
      if (entries.length > limit) out.push("", `… and ${entries.length - limit} more (\`runtree diff --json\` lists them all)`);
    }
    const sweeps = movedSweeps(experiment.sweeps);
    if (sweeps.length > 0) {
      out.push("", "| sweep | metric | goal | base | head | delta | |", "| --- | --- | --- | ---: | ---: | ---: | --- |");
      for (const s of sweeps) {
        const row = [cell(runLabel(s)), cell(s.metric), s.goal, formatValue(s.before), formatValue(s.after), formatDelta(s.delta), sweepVerdict(s)];
        out.push(`| ${row.join(" | ")} |`);
      }
    }
  }
  return out.join("\n") + "\n";
}

/**
 * Backslash-escapes every character that means something inside a line of GitHub's markdown (emphasis,
 * code, links, images, HTML, entities, table cells, `@` mentions, `#` references, `:emoji:`, `$math$`,
 * autolinked `www.` and `http:`), and turns line breaks into spaces: the text renders as itself.
 * @example escapeMarkdown("a|b @team <b>") // "a\\|b \\@team \\<b\\>"
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, " ").replace(/[\\`*_[\]()<>#!|~@&:.$]/g, "\\$&");
}

/** A table cell: escaped user text (or already-made markdown when `escape` is false), never empty-looking. */
function cell(text: string, escape = true): string {
  return escape ? escapeMarkdown(text) : text.replace(/\|/g, "\\|");
}
