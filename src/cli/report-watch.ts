/**
 * `report --watch`: after the first build, rebuild the report whenever the store changes, until SIGINT
 * (Ctrl-C) or SIGTERM. Changes are noticed by report/store-watch.ts, and a burst of them (a run logging
 * point after point) makes one rebuild: it starts once the store has been quiet for `QUIET_MS`, or
 * `MAX_WAIT_MS` after the first change of the burst, whichever comes first; a change during a rebuild
 * makes another one after it. Each rebuild is incremental (only what changed is made again) and prints one
 * line. A signal waits for the rebuild in progress to finish, so the report left behind is complete.
 */
import { join } from "node:path";
import { formatProblem } from "../model/problem.js";
import type { BuildResult } from "../report/build.js";
import { watchStore, type StoreWatch } from "../report/store-watch.js";
import { Exit, type CliIO } from "./io.js";
import { printable } from "./printable.js";

/** A rebuild starts once the store has been quiet this long… */
const QUIET_MS = 200;
/** …or this long after the first change it waited for, when writes keep coming. */
const MAX_WAIT_MS = 1000;

export interface WatchSettings {
  /** The store, as given (for messages) and resolved. */
  readonly store: string;
  readonly storePath: string;
  /** The output folder, as given. */
  readonly out: string;
  readonly poll: boolean;
  readonly quiet: boolean;
  /** An incremental build of the report, with the options of the first. */
  readonly build: () => Promise<BuildResult>;
  /** Problems the first build printed, not to print again. */
  readonly printed: ReadonlySet<string>;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The one line a rebuild prints. */
function rebuiltLine(result: BuildResult, ms: number, time: Date): string {
  const clock = time.toISOString().slice(11, 19);
  const what =
    result.written === 0 && result.removed === 0
      ? "unchanged"
      : `${result.written} file(s) written${result.removed > 0 ? `, ${result.removed} removed` : ""}`;
  return `report: ${clock} rebuilt in ${seconds(ms)}: ${what} (${result.experiments} experiment(s), ${result.runs} run(s))\n`;
}

/** Resolves on the first SIGINT or SIGTERM. */
function signalled(): { readonly done: Promise<string>; readonly dispose: () => void } {
  let dispose = () => {};
  const done = new Promise<string>((resolve) => {
    const on = (signal: string) => () => resolve(signal);
    const int = on("SIGINT");
    const term = on("SIGTERM");
    process.once("SIGINT", int);
    process.once("SIGTERM", term);
    dispose = () => {
      process.off("SIGINT", int);
      process.off("SIGTERM", term);
    };
  });
  return { done, dispose };
}

/** Watches and rebuilds until a signal; returns the exit code. */
export async function watchAndRebuild(io: CliIO, settings: WatchSettings): Promise<number> {
  const printed = new Set(settings.printed);
  const signal = signalled();
  let stopping = false;
  let building: Promise<void> | null = null;
  let again = false;
  let quiet: NodeJS.Timeout | null = null;
  let deadline: NodeJS.Timeout | null = null;

  const rebuild = async (): Promise<void> => {
    const started = Date.now();
    try {
      const result = await settings.build();
      for (const problem of result.problems) {
        const text = printable(formatProblem(problem));
        if (!printed.has(text)) io.stderr.write(`warning: ${text}\n`);
        printed.add(text);
      }
      if (!settings.quiet) io.stdout.write(rebuiltLine(result, Date.now() - started, new Date()));
    } catch (error) {
      // The store in the middle of a change, or a folder gone for a moment: the next change tries again.
      io.stderr.write(`runtree report: rebuild failed: ${printable((error as Error).message)}\n`);
    }
  };
  const start = (): void => {
    if (quiet) clearTimeout(quiet);
    if (deadline) clearTimeout(deadline);
    quiet = deadline = null;
    if (stopping) return;
    if (building) {
      again = true;
      return;
    }
    building = rebuild().finally(() => {
      building = null;
      if (again && !stopping) {
        again = false;
        start();
      }
    });
  };
  const changed = (): void => {
    if (stopping) return;
    if (quiet) clearTimeout(quiet);
    quiet = setTimeout(start, QUIET_MS);
    deadline ??= setTimeout(start, MAX_WAIT_MS);
  };

  let watcher: StoreWatch;
  try {
    watcher = await watchStore(settings.storePath, changed, {
      poll: settings.poll,
      onFallBack: (why) => io.stderr.write(`runtree report: polling the store from now on: ${printable(why)}\n`),
    });
  } catch (error) {
    signal.dispose();
    io.stderr.write(`runtree report: cannot watch ${printable(settings.store)}: ${printable((error as Error).message)}\n`);
    return Exit.Usage;
  }
  const how = watcher.mode() === "poll" ? `polling the store: ${watcher.why() ?? "file-system events unavailable"}` : "file-system events";
  if (!settings.quiet) io.stdout.write(`report: watching ${printable(settings.store)} (${how}); Ctrl-C to stop\n`);

  const name = await signal.done;
  stopping = true;
  watcher.close();
  if (quiet) clearTimeout(quiet);
  if (deadline) clearTimeout(deadline);
  signal.dispose();
  while (building) await building;
  if (!settings.quiet) io.stdout.write(`report: stopped (${name}); ${printable(join(settings.out, "index.html"))} is complete\n`);
  return Exit.Ok;
}
