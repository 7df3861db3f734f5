/**
 * Letting the event loop run in the device unit tests (card reader,
 * printer): the in-memory link (src/devices/transport/memory-link.ts)
 * delivers on the next macrotask, so "settle" lets it and the promise
 * continuations run; clock time moves only through the ManualClock
 * (manual-clock.ts).
 */

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Lets queued link deliveries and promise continuations run. */
export async function settle(rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

/** Runs the event loop (no clock time passes) until `promise` settles; fails if it never does within `maxRounds` ticks. */
export async function drive<T>(promise: Promise<T>, maxRounds: number): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  for (let i = 0; i < maxRounds && !done; i++) await tick();
  if (!done) throw new Error('promise did not settle without the clock moving');
  return tracked;
}
