/**
 * A worker's commands from its parent test, one line of words each on stdin: `waitFor("go")` returns the
 * words after the first line that starts with "go" (earlier lines are passed over).
 */
import { createInterface } from "node:readline";

const lines = createInterface({ input: process.stdin });
const incoming = lines[Symbol.asyncIterator]();

/** Waits for the stdin line starting with `word`; returns the words after it. */
export async function waitFor(word: string): Promise<string[]> {
  for (;;) {
    const next = await incoming.next();
    if (next.done === true) throw new Error(`stdin closed before "${word}"`);
    const [first, ...rest] = next.value.split(" ");
    if (first === word) return rest;
  }
}

/** Stops reading stdin, so the worker can exit once its work is done. */
export function stopReading(): void {
  lines.close();
}
