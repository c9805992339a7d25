/**
 * Work shared out between the main thread and worker lanes, chunk by chunk, first come first served: the
 * main thread takes the next chunk whenever it is free, each worker is kept `AHEAD` chunks ahead (it starts
 * the next while the main thread, busy with its own, reads the answer). Nothing is assumed about how fast a
 * lane is: a worker still starting, or a slow one, simply takes fewer chunks.
 */

/** Chunks sent to a worker ahead. */
const AHEAD = 2;

export interface Sharing<C> {
  /** Does a chunk on the main thread. */
  readonly local: (chunk: C) => Promise<void>;
  /** Has worker `n` (0-based) do a chunk; resolves once its answer is taken in. */
  readonly remote: ReadonlyArray<(chunk: C) => Promise<void>>;
}

/**
 * Does every chunk once, on whichever lane is free. The first failure stops the sharing out; chunks already
 * sent are waited for; then that failure is thrown.
 */
export async function shareOut<C>(chunks: readonly C[], sharing: Sharing<C>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      failure ??= { error };
    }
  };
  const here = guard(async () => {
    while (failure === undefined && next < chunks.length) {
      await sharing.local(chunks[next++]!);
      // Local work may resolve without real waits: without a turn of the event loop here, the workers'
      // answers (and their next chunks) would wait until the main thread had done every chunk itself.
      await new Promise((resume) => setImmediate(resume));
    }
  });
  const there = sharing.remote.map((remote) =>
    guard(async () => {
      const sent: Array<Promise<void>> = [];
      while (failure === undefined) {
        while (sent.length < AHEAD && next < chunks.length) {
          sent.push(remote(chunks[next++]!).catch((error: unknown) => void (failure ??= { error })));
        }
        if (sent.length === 0) return;
        await sent.shift();
      }
      await Promise.all(sent);
    }),
  );
  await Promise.all([here, ...there]);
  if (failure !== undefined) throw failure.error;
}
