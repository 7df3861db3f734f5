/**
 * Test helpers for the card-reader unit tests: a clock moved by hand, and a
 * way to let the in-memory link (one setImmediate per hop) run to quiet.
 */
import type { Clock, TimerHandle } from '../../../src/devices/card-reader/clock';

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

export class ManualClock implements Clock {
  #now = Date.UTC(2025, 0, 6, 9, 0, 0);
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward, firing due timers in order and letting the link settle after each. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}
