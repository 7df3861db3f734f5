/**
 * The unit tests' clock: time moves only when a test says so, so timeout
 * tests neither sleep nor depend on the machine's speed. Implements the
 * kiosk's one `Clock` (src/shared/time/clock.ts).
 */
import type { Clock, TimerHandle } from '../../src/shared/time/clock';

interface PendingTimer {
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.#now = start;
  }

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

  get pendingCount(): number {
    return this.#timers.size;
  }

  /** How long until each pending timer fires, soonest first. */
  get pendingDelays(): number[] {
    return [...this.#timers.values()].map((t) => t.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing the timers that fall due in order (each at its own time). */
  advance(ms: number): void {
    const target = this.#now + ms;
    while (this.#fireNext(target));
    this.#now = target;
  }

  /** `advance`, letting `settle` run (queued I/O, promise continuations) before and after each timer. */
  async advanceSettling(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.#now + ms;
    await settle();
    while (this.#fireNext(target)) await settle();
    this.#now = target;
    await settle();
  }

  /** Fires the soonest timer due by `target` (the earliest armed first on a tie); false when none is. */
  #fireNext(target: number): boolean {
    let next: [number, PendingTimer] | undefined;
    for (const entry of this.#timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
    if (!next) return false;
    this.#timers.delete(next[0]);
    this.#now = next[1].at;
    next[1].callback();
    return true;
  }
}
