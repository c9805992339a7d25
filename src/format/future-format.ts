/**
 * Every file of a store says which format wrote it. One from a newer runtree is not "invalid": it is
 * named as such, so the user upgrades rather than "repairs" a good file.
 */
import { FORMAT } from "./records.js";

/** The problem of `data` when it carries a format newer than this runtree's, else null. */
export function futureFormat(data: unknown, file: string): { file: string; code: string; message: string } | null {
  const format = typeof data === "object" && data !== null ? (data as { format?: unknown }).format : undefined;
  if (typeof format !== "number" || !Number.isInteger(format) || format <= FORMAT) return null;
  return {
    file,
    code: "FUTURE_FORMAT",
    message: `written by a newer runtree (format ${format}); this runtree reads format ${FORMAT}: upgrade runtree to read it`,
  };
}
