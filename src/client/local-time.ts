/**
 * Times in the reader's own time zone. The static pages print UTC (their bytes must not depend on where
 * the report was built); in the browser we know the reader's zone, so the interactive table uses it.
 * The `datetime` attribute and the tooltip keep the exact UTC instant.
 */

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Local date and time to the second: `2024-05-01 14:03:22`; "" for a value no Date can hold. */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "";
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}
