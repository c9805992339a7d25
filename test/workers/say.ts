/**
 * Prints a line for the test and resolves once it has left this process.
 *
 * A worker that logs in a loop and only ever prints never yields to the event loop. Once the test reads slower
 * than the worker writes (a loaded machine), Node queues the rest of stdout for that event loop, which never
 * runs: the test then waits forever for a line the worker believes it sent. Awaiting each line avoids that, and
 * a worker whose test died gets EPIPE here and ends instead of running on as an orphan.
 */
export function say(line: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(`${line}\n`, (error) => (error ? reject(error) : resolve())));
}
