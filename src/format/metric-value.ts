/**
 * JSON has no NaN or infinities, yet training loops produce them and users need to see them. On disk a
 * metric value is a JSON number, or one of the strings below; in memory it is always a JS number.
 */
export type EncodedNumber = number | "NaN" | "Infinity" | "-Infinity";

export function encodeNumber(value: number): EncodedNumber {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return value;
}

export function decodeNumber(value: EncodedNumber): number {
  if (typeof value === "number") return value;
  if (value === "NaN") return NaN;
  return value === "Infinity" ? Infinity : -Infinity;
}
