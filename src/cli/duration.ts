/** Ages on the command line (`--older-than 30d`): a whole number and a unit. Pure. */
const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Milliseconds of `text`, or undefined when it is not `<whole number><s|m|h|d|w>`.
 * @example parseAge("30d") // 2_592_000_000
 */
export function parseAge(text: string): number | undefined {
  const match = /^(\d{1,9})([smhdw])$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2]!]!;
}
