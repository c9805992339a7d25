/**
 * Runs `fn` over a (possibly lazy) sequence with at most `limit` calls in flight. Items are pulled from the
 * iterator only when a slot is free, so a generator of page plans is never materialised. After a failure no
 * new item starts, and the first error is thrown once every started call has settled (the caller may then
 * delete what they were writing into).
 */
export async function forEachBounded<T>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      try {
        const next = iterator.next();
        if (next.done) return;
        await fn(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failure !== undefined) throw failure.error;
}
