/**
 * What happens to open runs when the process ends other than through `end()`:
 * SIGINT/SIGTERM mark them KILLED (at exit, when the script handles the signal itself), an uncaught exception (or unhandled rejection) FAILED, and a normal
 * exit ends them as MLflow's atexit hook does: FINISHED on exit code 0, FAILED otherwise. A process killed
 * with SIGKILL runs none of this; the reader then reports its runs as abandoned.
 */
import type { EndStatus } from "../format/records.js";

export interface OpenRun {
  endSync(status: EndStatus): void;
}

const open = new Set<OpenRun>();
let installed = false;

export function trackOpenRun(run: OpenRun): void {
  open.add(run);
  if (!installed) install();
}

export function untrackOpenRun(run: OpenRun): void {
  open.delete(run);
}

function endAll(status: EndStatus): void {
  // Newest first, so children end before the parent that records the best of them.
  for (const run of [...open].reverse()) {
    try {
      run.endSync(status);
    } catch {
      // Dying anyway: one run that cannot be written must not keep the others from being marked.
    }
  }
}

let signalled = false;

function onSignal(signal: NodeJS.Signals): void {
  signalled = true;
  // A script with its own handler may shut down gracefully and end its runs itself; whatever is still
  // open when it exits is marked KILLED then.
  if (process.listenerCount(signal) > 1) return;
  endAll("KILLED");
  process.removeListener(signal, onSignal);
  // Our listener disabled Node's default action (exit by the signal): restore it.
  process.kill(process.pid, signal);
}

function install(): void {
  installed = true;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A script with its own uncaughtException handler survives the error: its runs stay open (and a later
  // non-zero exit still marks them FAILED).
  process.on("uncaughtExceptionMonitor", () => {
    if (process.listenerCount("uncaughtException") === 0) endAll("FAILED");
  });
  process.on("exit", (code) => endAll(signalled ? "KILLED" : code === 0 ? "FINISHED" : "FAILED"));
}
