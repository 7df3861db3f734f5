/**
 * Test helpers for the card-reader unit tests: a clock moved by hand, and a
 * way to let the in-memory link (one setImmediate per hop) run to quiet.
 */
import { ManualClock as SharedManualClock } from '../../support/manual-clock';

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Lets queued link deliveries and promise continuations run. */
export async function settle(rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

/** Runs the event loop (no clock time passes) until `promise` settles; fails if it never does. */
export async function drive<T>(promise: Promise<T>, maxRounds = 2_000): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  for (let i = 0; i < maxRounds && !done; i++) await tick();
  if (!done) throw new Error('promise did not settle without the clock moving');
  return tracked;
}

/** The shared manual clock, with the link settling before and after each timer it fires. */
export class ManualClock extends SharedManualClock {
  override advance(ms: number): Promise<void> {
    return this.advanceSettling(ms, settle);
  }
}
